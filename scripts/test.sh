#!/usr/bin/env bash
# Every test: types, unit/generator/executor tests (jest), plugin validation, the generated
# FastAPI backend under pytest, and the real-browser e2e.
set -euo pipefail
cd "$(dirname "$0")/.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
step() { printf '\n=== %s\n' "$*"; }
step "python environment (.venv from the locks)"; npx nx run backend:sync-deps --outputStyle=static
step "validate + integrate (Nx)"; npx nx run-many -t validate,integrate --outputStyle=static
step "type-check"; npm run -s typecheck
step "lint (ESLint, ruff)"; npm run -s lint
step "jest: core, generators, executors"; npx jest --ci
step "FerretDB (local MongoDB for the integration tests)"; bash scripts/install-ferretdb.sh
step "pytest: generated backend (unit on mongomock, integration on FerretDB)"; .venv/bin/python -m pytest apps/backend/tests -q -p no:cacheprovider
step "browser e2e"; npx jest --ci -c e2e/jest.config.js
step "benchmark smoke (N=10; timings reported, not asserted)"; npm run -s bench -- --smoke
