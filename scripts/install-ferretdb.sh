#!/usr/bin/env bash
# Builds FerretDB v1 (MongoDB wire protocol over SQLite) into .farm/bin/ferretdb: the local
# MongoDB of `nx run backend:serve` and of the backend's integration tests (apps/backend/src/farm/
# local_mongo.py runs it). Skipped when that binary already reports the pinned version.
# Quiet on success; on failure prints Go's output and exits non-zero.
#
# Why not plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2`: the module zip
# lacks the generated build/version/version.txt, and such a binary panics at start ("Invalid
# build/version/version.txt file content"); Go refuses -overlay for files in GOMODCACHE. So the
# module's source is copied to a temp folder, version.txt written, and that copy installed.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=v1.24.2
MODULE=github.com/FerretDB/FerretDB
BIN_DIR="$PWD/.farm/bin"

if [ -x "$BIN_DIR/ferretdb" ] && [ "$("$BIN_DIR/ferretdb" --version 2>/dev/null | head -n 1)" = "version: $VERSION" ]; then
  exit 0
fi

GO=$(command -v go || true)
if [ -z "$GO" ] && [ -x /usr/local/go/bin/go ]; then GO=/usr/local/go/bin/go; fi
if [ -z "$GO" ]; then
  echo "install-ferretdb: Go is not installed (needs go >= 1.24 on PATH or at /usr/local/go)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fail() {
  echo "install-ferretdb: $1 failed:" >&2
  cat "$work/log" >&2
  exit 1
}

# Outside any module (the workspace has no go.mod, but a parent folder might).
(cd "$work" && "$GO" mod download -json "$MODULE@$VERSION") >"$work/download.json" 2>"$work/log" \
  || { cat "$work/download.json" >>"$work/log"; fail "go mod download $MODULE@$VERSION"; }
src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' "$work/download.json")
[ -d "$src" ] || { echo "no \"Dir\" in: $(cat "$work/download.json")" >"$work/log"; fail "go mod download"; }

cp -R "$src" "$work/src"
chmod -R u+w "$work/src"
echo "$VERSION" >"$work/src/build/version/version.txt"

mkdir -p "$BIN_DIR"
# -trimpath: no temp-folder paths in the binary; -buildvcs=false: the copy is no repository.
(cd "$work/src" && GOBIN="$BIN_DIR" "$GO" install -trimpath -buildvcs=false ./cmd/ferretdb) \
  >"$work/log" 2>&1 || fail "go install ./cmd/ferretdb ($MODULE@$VERSION)"

got=$("$BIN_DIR/ferretdb" --version 2>&1 | head -n 1) || true
if [ "$got" != "version: $VERSION" ]; then
  echo "install-ferretdb: built $BIN_DIR/ferretdb but it reports \"$got\", not \"version: $VERSION\"" >&2
  exit 1
fi
