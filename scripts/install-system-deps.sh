#!/usr/bin/env bash
# Tools the workspace needs beside npm: Chromium (Debian) for the browser e2e, and uv (PyPI), which
# creates the backend's .venv from uv.lock + apps/backend/requirements.lock (`nx run backend:sync-deps`).
# No Python package comes from Debian any more: the backend runs on .venv/bin/python.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
if command -v uv >/dev/null 2>&1 && [ "$(uv --version | awk '{print $2}')" = "$UV_VERSION" ]; then
  echo "uv: $UV_VERSION present"
else
  echo "uv: installing $UV_VERSION (python3 -m pip)"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore "uv==$UV_VERSION"
fi
packages=(chromium)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then echo "system packages: all present"; exit 0; fi
echo "system packages: installing ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
