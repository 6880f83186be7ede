#!/usr/bin/env bash
# A real MongoDB-wire server for the tests: FerretDB 1.24 on its SQLite backend.
#   ferretdb.sh path         print the path of a working FerretDB binary, building it if needed
#   ferretdb.sh start <dir> [owner-pid]
#                            start it with its state in <dir>, print its mongodb:// URI;
#                            with owner-pid, it is also stopped when that process is gone
#   ferretdb.sh stop <dir>   stop the server started in <dir>
# Progress goes to stderr; stdout carries only the path or the URI.
set -euo pipefail
shopt -s inherit_errexit

VERSION=v1.24.2
FALLBACK_VERSION=v1.24.1
CACHE_DIR=${AMPARO_CACHE_DIR:-$HOME/.cache/amparo}

say() { printf '[ferretdb] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# A binary is usable if it runs and reports a 1.24.x version.
works() {
  local printed
  [ -x "$1" ] || return 1
  printed=$("$1" --version 2>/dev/null) || return 1
  [[ "$printed" == *"version: v1.24."* ]]
}

# `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.x` gives a binary that panics
# at start ("Invalid build/version/version.txt file content"): the published module carries
# an empty build/version/version.txt, which FerretDB's own release tooling fills in. So the
# module source is copied out of Go's read-only module cache, the version written in, and
# the binary built from the copy.
build() {
  local version=$1 out=$2 src work
  # Go's official installer puts it in /usr/local/go, which is not always on PATH.
  command -v go >/dev/null || [ ! -x /usr/local/go/bin/go ] || PATH="$PATH:/usr/local/go/bin"
  command -v go >/dev/null || { say "Go is not installed; it is needed to build FerretDB $version"; return 1; }
  say "building FerretDB $version with $(go version | cut -d' ' -f3) (about two minutes the first time; cached in $CACHE_DIR)"
  work=$(mktemp -d)
  # Outside any module, so that a go.mod around the caller's folder plays no part.
  src=$(cd "$work" && GO111MODULE=on GOFLAGS= go mod download -json "github.com/FerretDB/FerretDB@$version" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p') || true
  if [ -z "$src" ] || [ ! -d "$src" ]; then
    say "could not download the FerretDB $version module"; rm -rf "$work"; return 1
  fi
  cp -R "$src" "$work/src"
  chmod -R u+w "$work/src"
  echo "$version" > "$work/src/build/version/version.txt"
  # -buildvcs=false: the copy is not a git checkout. The temporary name keeps a half-written
  # binary out of the cache, and lets two builds race without harm.
  if ! (cd "$work/src" && GOFLAGS=-buildvcs=false go build -o "$out.$$.tmp" ./cmd/ferretdb >&2); then
    rm -rf "$work" "$out.$$.tmp"; return 1
  fi
  mv -f "$out.$$.tmp" "$out"
  rm -rf "$work"
}

# Prints the path of a working binary: on PATH, else cached, else freshly built.
binary() {
  local on_path cached version
  on_path=$(command -v ferretdb || true)
  if [ -n "$on_path" ] && works "$on_path"; then echo "$on_path"; return; fi
  mkdir -p "$CACHE_DIR"
  for version in "$VERSION" "$FALLBACK_VERSION"; do
    cached="$CACHE_DIR/ferretdb-$version"
    if works "$cached"; then echo "$cached"; return; fi
  done
  for version in "$VERSION" "$FALLBACK_VERSION"; do
    cached="$CACHE_DIR/ferretdb-$version"
    if build "$version" "$cached" && works "$cached"; then echo "$cached"; return; fi
    say "FerretDB $version could not be built"
  done
  die "no FerretDB binary: install Go (1.24 or later) to build it, or set MONGODB_URI to a MongoDB 6.0+ server"
}

# A port the kernel just handed out (node is always there: this is a Node project).
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

alive() { kill -0 "$1" 2>/dev/null; }

# Whether pid $1 is the FerretDB serving <dir> $2 (a stale pid file may name another process).
# Where there is no /proc to ask, the pid file is trusted.
ours() {
  [ -d /proc/self ] || return 0
  tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "--sqlite-url=file:$2/data/"
}

start() {
  local dir=$1 owner=${2:-} bin port pid attempt
  bin=$(binary)
  mkdir -p "$dir/data"
  dir=$(cd "$dir" && pwd)
  # The port is free when picked but could be taken before FerretDB binds it; then try another.
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    # --state-dir: FerretDB writes state.json there (by default into the working folder).
    # --debug-addr=-: no metrics HTTP listener, whose default port 8088 may be taken.
    "$bin" --handler=sqlite --sqlite-url="file:$dir/data/" --state-dir="$dir" \
      --listen-addr="127.0.0.1:$port" --debug-addr=- \
      --telemetry=disable --log-level=warn </dev/null >"$dir/ferretdb.log" 2>&1 &
    pid=$!
    echo "$pid" > "$dir/pid"
    "$bin" --version | sed -n 's/^version: //p' > "$dir/version"
    for _ in $(seq 1 150); do # 30 s at most
      if ! alive "$pid"; then break; fi
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        say "FerretDB $(cat "$dir/version") (pid $pid) listens on 127.0.0.1:$port"
        # A watcher, so that a test run killed before its teardown leaves no server behind.
        if [ -n "$owner" ]; then
          ( while alive "$owner" && alive "$pid"; do sleep 2; done
            if alive "$pid" && ours "$pid" "$dir"; then halt "$pid"; fi ) </dev/null >/dev/null 2>&1 &
        fi
        echo "mongodb://127.0.0.1:$port/"
        return
      fi
      sleep 0.2
    done
    if alive "$pid"; then
      halt "$pid"; rm -f "$dir/pid"
      say "FerretDB did not accept connections within 30 s; the end of its log:"
      tail -n 20 "$dir/ferretdb.log" >&2; exit 1
    fi
    rm -f "$dir/pid"
    if grep -q 'address already in use' "$dir/ferretdb.log" && [ "$attempt" -lt 5 ]; then
      say "port $port was taken meanwhile; trying another"; continue
    fi
    say "FerretDB exited at start; the end of its log ($dir/ferretdb.log):"
    tail -n 20 "$dir/ferretdb.log" >&2; exit 1
  done
}

# TERM, then KILL if it is still there after 10 s.
halt() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do alive "$pid" || return 0; sleep 0.1; done
  say "FerretDB (pid $pid) ignored TERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

stop() {
  local dir=$1 pid
  [ -f "$dir/pid" ] || return 0
  pid=$(cat "$dir/pid")
  if alive "$pid" && ours "$pid" "$dir"; then halt "$pid"; fi
  rm -f "$dir/pid"
}

case "${1:-}" in
  path) binary ;;
  start) [ -n "${2:-}" ] || die "usage: $0 start <dir> [owner-pid]"; start "$2" "${3:-}" ;;
  stop) [ -n "${2:-}" ] || die "usage: $0 stop <dir>"; stop "$(cd "$2" 2>/dev/null && pwd || echo "$2")" ;;
  *) die "usage: $0 path | start <dir> [owner-pid] | stop <dir>" ;;
esac
