#!/usr/bin/env bash
# A real MongoDB-wire server for the tests: FerretDB 1.24 on its SQLite backend.
#   ferretdb.sh path         print the path of a working FerretDB binary, building it if needed
#   ferretdb.sh start <dir>  start it with its data in <dir>, print its mongodb:// URI
#   ferretdb.sh stop <dir>   stop the server started in <dir>
set -euo pipefail

VERSION=${AMPARO_FERRETDB_VERSION:-v1.24.2}
FALLBACK_VERSION=v1.24.1
CACHE_DIR=${AMPARO_CACHE_DIR:-$HOME/.cache/amparo}

say() { printf '[ferretdb] %s\n' "$*" >&2; }

works() {
  local printed
  [ -x "$1" ] || return 1
  printed=$("$1" --version 2>/dev/null) || return 1
  [[ "$printed" == *"version: v1.24."* ]]
}

# `go install …@v1.24.x` gives a binary that panics at start: the module ships an empty
# build/version/version.txt, which FerretDB's release tooling fills in. So the module
# source is copied, the version written in, and the binary built from the copy.
build() {
  local version=$1 out=$2 src work
  command -v go >/dev/null || { say "Go is not installed: it is needed to build FerretDB $version"; return 1; }
  say "building FerretDB $version (once; cached in $CACHE_DIR)"
  src=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$src" ] || { say "could not download the FerretDB $version module"; return 1; }
  work=$(mktemp -d)
  cp -r "$src/." "$work/"
  chmod -R u+w "$work"
  echo "$version" > "$work/build/version/version.txt"
  (cd "$work" && GOFLAGS=-buildvcs=false go build -o "$out.tmp" ./cmd/ferretdb) || { rm -rf "$work"; return 1; }
  mv "$out.tmp" "$out"
  rm -rf "$work"
}

binary() {
  local on_path
  on_path=$(command -v ferretdb || true)
  if [ -n "$on_path" ] && works "$on_path"; then echo "$on_path"; return; fi
  mkdir -p "$CACHE_DIR"
  for version in "$VERSION" "$FALLBACK_VERSION"; do
    local cached="$CACHE_DIR/ferretdb-$version"
    if works "$cached"; then echo "$cached"; return; fi
    if build "$version" "$cached" && works "$cached"; then echo "$cached"; return; fi
    say "FerretDB $version did not build"
  done
  say "no FerretDB could be built; set MONGODB_URI to a MongoDB 6.0+ server instead"
  return 1
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

start() {
  local dir=$1 bin port debug_port
  bin=$(binary)
  mkdir -p "$dir/data"
  port=$(free_port)
  debug_port=$(free_port)
  "$bin" --handler=sqlite --sqlite-url="file:$dir/data/" \
    --listen-addr="127.0.0.1:$port" --debug-addr="127.0.0.1:$debug_port" \
    --telemetry=disable --log-level=warn >"$dir/ferretdb.log" 2>&1 &
  echo $! > "$dir/pid"
  for _ in $(seq 1 150); do
    if ! kill -0 "$(cat "$dir/pid")" 2>/dev/null; then
      say "FerretDB exited at start; its log:"; tail -n 20 "$dir/ferretdb.log" >&2; return 1
    fi
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "mongodb://127.0.0.1:$port/"
      return
    fi
    sleep 0.2
  done
  say "FerretDB did not accept connections within 30 s; its log:"; tail -n 20 "$dir/ferretdb.log" >&2
  stop "$dir"
  return 1
}

stop() {
  local dir=$1 pid
  [ -f "$dir/pid" ] || return 0
  pid=$(cat "$dir/pid")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$dir/pid"
}

case "${1:-}" in
  path) binary ;;
  start) [ -n "${2:-}" ] || { say "usage: $0 start <dir>"; exit 2; }; start "$2" ;;
  stop) [ -n "${2:-}" ] || { say "usage: $0 stop <dir>"; exit 2; }; stop "$2" ;;
  *) say "usage: $0 path | start <dir> | stop <dir>"; exit 2 ;;
esac
