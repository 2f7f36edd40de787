#!/usr/bin/env bash
# Installs everything and runs the main job on this workspace: validate the plugins, generate the
# config types, integrate the active plugins into both host apps and build the frontend.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true
bash scripts/install-system-deps.sh
echo "npm: installing"; npm ci --no-audit --no-fund --loglevel=error
# .venv from uv.lock + the active plugins' Python dependencies (apps/backend/requirements.lock).
npx nx run backend:sync-deps --outputStyle=static
# The local MongoDB-wire server (FerretDB v1 over SQLite) that `nx run backend:serve` starts.
echo "ferretdb: building if missing (Go)"; bash scripts/install-ferretdb.sh
npx nx run-many -t validate,typegen
npx nx run-many -t integrate
npx nx run frontend:build
cat <<'MSG'

Ready. Try:
  npx nx show projects                 # auth, ai-chat, frontend, backend, …
  npx nx run backend:serve             # FastAPI on http://127.0.0.1:8000 (/auth, /users, /chat, /ai)
  npx nx run frontend:serve            # Vite on http://127.0.0.1:5173
  npx nx graph                         # the plugin graph
MSG
