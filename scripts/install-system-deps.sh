#!/usr/bin/env bash
# Debian packages the backend, its tests and the browser e2e need. PyPI is not reachable here,
# so FastAPI & co. come from Debian and run on /usr/bin/python3 (see docs/architecture.md).
set -euo pipefail
packages=(python3-fastapi python3-uvicorn python3-httpx python3-jose python3-passlib python3-bcrypt
  python3-pytest python3-pymongo python3-motor python3-mongomock chromium)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then echo "system packages: all present"; exit 0; fi
echo "system packages: installing ${missing[*]}"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
