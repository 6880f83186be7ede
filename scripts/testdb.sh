#!/usr/bin/env bash
# The tests' MongoDB-wire server: FerretDB 2.7.0 on Debian's PostgreSQL 15 with the DocumentDB
# extension (0.107-0), which keeps MongoDB's single-document atomicity, unique and multikey
# indexes, and serves indexed queries from an index. For Debian 12 (bookworm).
#
#   testdb.sh start <dir> [owner-pid]
#        build everything once if needed (see below), then start a throwaway PostgreSQL cluster
#        and FerretDB in <dir> on free ports and print the mongodb:// URI on stdout (progress
#        goes to stderr). With owner-pid, both are stopped when that process is gone. <dir>/version
#        then reads e.g. "FerretDB 2.7.0 on PostgreSQL 15 + DocumentDB 0.107-0".
#   testdb.sh stop <dir>
#        stop what `start` started in <dir> and delete its cluster (logs stay).
#   testdb.sh build      only build and install (as root), e.g. once on a development machine
#   testdb.sh built      exit 0 if everything is built and installed, else say what is missing
#
# What is built, once, as root (apt-get, make install into PostgreSQL's folders):
#   - the Debian packages below that are missing (apt-get update + install);
#   - pg_cron 1.6.3, pgvector 0.8.0 and DocumentDB from the pinned source tarballs in
#     ../shared/testdb/src relative to the repository (AMPARO_TESTDB_SOURCES);
#   - FerretDB v2.7.0 with `go install` (Go 1.25+, on PATH or in /usr/local/go/bin).
# The build is kept in AMPARO_TESTDB_CACHE (default /var/cache/amparo-testdb, readable by every
# user, `postgres` included). A cold build takes a few minutes; a `start` once it is built takes
# a second or two, also for users other than root. As root, PostgreSQL runs as `postgres`, so
# <dir> must be a folder that user can reach (not under /root): /tmp is fine.
set -euo pipefail
shopt -s inherit_errexit

SELF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")
REPO=$(cd "$(dirname "$SELF")/.." && pwd)
CACHE=${AMPARO_TESTDB_CACHE:-/var/cache/amparo-testdb}
SOURCES=${AMPARO_TESTDB_SOURCES:-$REPO/../shared/testdb/src}

PG_MAJOR=15
PGBIN=/usr/lib/postgresql/$PG_MAJOR/bin
FERRETDB_VERSION=v2.7.0
FERRETDB_GO_MIN=1.25
FERRETDB=$CACHE/bin/ferretdb

# Pinned sources: name, commit, sha256 of the tarball, the extension version it installs.
PGCRON_SHA=9d0576c64edd90fb3d8ac30763296a8106315638     # v1.6.3 (Debian's 1.4.2 breaks DocumentDB)
PGCRON_SUM=3da36370a1b2af8d95ce988c6fe9d4ea7e8a1e5b202f334234898f510a10eb66
PGCRON_EXT=1.6
PGVECTOR_SHA=2627c5ff775ae6d7aef0c430121ccf857842d2f2   # v0.8.0 (not packaged for PostgreSQL 15 on bookworm)
PGVECTOR_SUM=c46f23ca337abe4cedd6a5168020e3da84979f57011779b21fd7a8e3044be483
PGVECTOR_EXT=0.8.0
DOCUMENTDB_SHA=3f80da90a9e0b04f214183aa656c4fb0b4bc31e4 # FerretDB's fork, branch "ferretdb"; works with FerretDB v2.7.0
DOCUMENTDB_SUM=0d829506f805bd5d952c0458273640e4ac0a981fcc0d5b59a20ee692887dd55c
DOCUMENTDB_EXT=0.107-0
EXTENSIONS_KEY="pg_cron-$PGCRON_SHA pgvector-$PGVECTOR_SHA documentdb-$DOCUMENTDB_SHA"

# Build and run time dependencies (Debian 12). Debian's postgresql-15-cron must NOT be there.
APT_PACKAGES=(postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR postgresql-$PG_MAJOR-postgis-3 postgresql-$PG_MAJOR-rum
  libbson-dev libintelrdfpmath-dev libpcre2-dev libicu-dev libkrb5-dev libpq-dev pkg-config build-essential ca-certificates)
DEBIAN_PG_CRON=postgresql-$PG_MAJOR-cron

# stdout carries only the URI: everything else goes to stderr.
exec 3>&1 1>&2
# Every connection and cluster is named explicitly; none of the caller's libpq settings apply.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGOPTIONS PGSSLMODE PGDATA

say() { printf '[testdb] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
is_root() { [[ $(id -u) == 0 ]]; }
alive() { [[ -n $1 ]] && { kill -0 "$1" 2>/dev/null || [[ -d /proc/$1 ]]; }; }

# Runs a command as the owner of the cluster: `postgres` when we are root (PostgreSQL refuses to
# run as root), else ourselves.
as_owner() { if is_root; then runuser -u postgres -- "$@"; else "$@"; fi; }

# ------------------------------------------------------------------------------------- build
installed() { [[ $(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null) == ii* ]]; }

missing_packages() {
  local p
  for p in "${APT_PACKAGES[@]}"; do installed "$p" || printf '%s\n' "$p"; done
}

ext_dir() { printf '/usr/share/postgresql/%s/extension' "$PG_MAJOR"; }
lib_dir() { printf '/usr/lib/postgresql/%s/lib' "$PG_MAJOR"; }

# The extension `name` is installed with default_version `version`.
ext_installed() {
  grep -qs "^default_version = '$2'" "$(ext_dir)/$1.control"
}

# (No `cmd | grep -q` here: with pipefail, grep's early exit can fail the pipeline by SIGPIPE.)
ferretdb_built() {
  local printed
  [[ -x $FERRETDB ]] && printed=$("$FERRETDB" --version 2>/dev/null) && grep -qx "version: $FERRETDB_VERSION" <<<"$printed"
}

# Prints what is missing for `start`; nothing when everything is built.
missing_build() {
  local pkgs
  pkgs=$(missing_packages | tr '\n' ' ')
  [[ -z $pkgs ]] || echo "Debian packages: $pkgs"
  ! installed "$DEBIAN_PG_CRON" || echo "Debian's $DEBIAN_PG_CRON is installed (it must be replaced by pg_cron 1.6.3)"
  if [[ $(cat "$CACHE/extensions.stamp" 2>/dev/null) != "$EXTENSIONS_KEY" ]] ||
    ! ext_installed pg_cron "$PGCRON_EXT" || ! ext_installed vector "$PGVECTOR_EXT" ||
    ! ext_installed documentdb_core "$DOCUMENTDB_EXT" || ! ext_installed documentdb "$DOCUMENTDB_EXT" ||
    [[ ! -f $(lib_dir)/pg_documentdb.so || ! -f $(lib_dir)/pg_cron.so || ! -f $(lib_dir)/vector.so ]]; then
    echo "PostgreSQL extensions pg_cron $PGCRON_EXT, pgvector $PGVECTOR_EXT, DocumentDB $DOCUMENTDB_EXT (not built into $CACHE)"
  fi
  ferretdb_built || echo "FerretDB $FERRETDB_VERSION ($FERRETDB)"
}

# run_logged NAME CMD...: runs CMD with its output in $CACHE/logs/NAME.log, says how long it took,
# and shows the end of the log if it fails.
run_logged() {
  local name=$1 log=$CACHE/logs/$1.log t0=$SECONDS
  shift
  if ! "$@" </dev/null >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "$name failed (whole log: $log)"
  fi
  say "  $name: done in $((SECONDS - t0)) s"
}

find_go() {
  command -v go >/dev/null || [[ ! -x /usr/local/go/bin/go ]] || PATH="$PATH:/usr/local/go/bin"
  command -v go >/dev/null || die "Go is not installed (neither on PATH nor in /usr/local/go/bin): Go $FERRETDB_GO_MIN or later is needed to build FerretDB $FERRETDB_VERSION"
  local version
  version=$(go env GOVERSION | sed 's/^go//')
  if [[ $(go env GOTOOLCHAIN) == local* ]] &&
    [[ $(printf '%s\n%s\n' "$FERRETDB_GO_MIN" "$version" | sort -V | head -n1) != "$FERRETDB_GO_MIN" ]]; then
    die "Go $version is too old: FerretDB $FERRETDB_VERSION needs Go $FERRETDB_GO_MIN or later (GOTOOLCHAIN=local forbids fetching it)"
  fi
  # Go needs a home for its module and build caches; CI machines do not always set HOME.
  if [[ -z ${HOME:-} && -z ${GOPATH:-} ]]; then export GOPATH=$CACHE/go GOCACHE=$CACHE/go/build-cache; fi
}

# unpack NAME SHA SUM: checks the pinned tarball and unpacks it afresh into $CACHE/build/NAME.
unpack() {
  local name=$1 sha=$2 sum=$3 tarball=$SOURCES/$1-$2.tar.gz dest=$CACHE/build/$1
  [[ -s $tarball ]] || die "no source for $name: $tarball is missing (set AMPARO_TESTDB_SOURCES to the folder holding the pinned tarballs)"
  [[ $(sha256sum "$tarball" | cut -d' ' -f1) == "$sum" ]] || die "$tarball is not the pinned source (sha256 differs)"
  rm -rf "$dest" && mkdir -p "$dest" && tar -xzf "$tarball" -C "$dest"
}

# install_staged NAME: copies what `make install DESTDIR=…` put into $CACHE/stage/NAME into place,
# each file through a temporary name and a rename. A PostgreSQL already running with these
# libraries loaded keeps its copy (`make install` writes over a loaded .so in place, which can
# crash it); files that did not change are left alone.
install_staged() {
  local stage=$CACHE/stage/$1 file dest
  while IFS= read -r -d '' file; do
    dest=/${file#"$stage"/}
    cmp -s "$file" "$dest" && continue
    mkdir -p "$(dirname "$dest")"
    cp -p "$file" "$dest.amparo-tmp.$$"
    mv -f "$dest.amparo-tmp.$$" "$dest"
  done < <(find "$stage" -type f -print0)
  # As the extensions' own `make install` does: no install scripts of other versions stay behind.
  local control name sql
  for control in "$stage$(ext_dir)"/*.control; do
    [[ -f $control ]] || continue
    name=$(basename "$control" .control)
    for sql in "$(ext_dir)/$name--"*.sql; do
      [[ ! -f $sql || -f $stage$sql ]] || rm -f "$sql"
    done
  done
}

# make_install NAME DIR MAKE-ARGS...: builds in DIR, then installs through install_staged.
make_install() {
  local name=$1 dir=$2
  shift 2
  rm -rf "$CACHE/stage/$name"
  run_logged "$name" make -C "$dir" -j"$(nproc)" PG_CONFIG="$PGBIN/pg_config" with_llvm=no "$@" all install DESTDIR="$CACHE/stage/$name"
  install_staged "$name"
}

build_extensions() {
  local pc_dir=$CACHE/build/pkgconfig
  unpack pg_cron "$PGCRON_SHA" "$PGCRON_SUM"
  unpack pgvector "$PGVECTOR_SHA" "$PGVECTOR_SUM"
  unpack documentdb "$DOCUMENTDB_SHA" "$DOCUMENTDB_SUM"
  say "building pg_cron 1.6.3"
  make_install pg_cron "$CACHE/build/pg_cron"
  say "building pgvector 0.8.0"
  # OPTFLAGS= : no -march=native, so the build runs on any machine of the architecture.
  make_install pgvector "$CACHE/build/pgvector" OPTFLAGS=
  # Debian ships the Intel decimal library without the pkg-config file DocumentDB asks for;
  # libbidgcc000 is the variant DocumentDB uses (CALL_BY_REF=0 GLOBAL_RND=0 GLOBAL_FLAGS=0).
  mkdir -p "$pc_dir"
  cat >"$pc_dir/intelmathlib.pc" <<EOF
prefix=/usr
libdir=/usr/lib/$(gcc -print-multiarch)
includedir=/usr/include
Name: intelmathlib
Description: Intel Decimal Floating-Point Math Library (Debian's libintelrdfpmath-dev)
Version: 2.0.2
Cflags: -I\${includedir}
Libs: -L\${libdir} -lbidgcc000
EOF
  # Debian's libbson is 1.23; DocumentDB expects 1.28, of which it lacks only BSON_SUBTYPE_SENSITIVE.
  local copt="COPT=-DBSON_SUBTYPE_SENSITIVE=0x08 -Wno-error=switch"
  say "building DocumentDB $DOCUMENTDB_EXT (about a minute on two cores)"
  PKG_CONFIG_PATH=$pc_dir make_install documentdb-core "$CACHE/build/documentdb/pg_documentdb_core" "$copt"
  PKG_CONFIG_PATH=$pc_dir make_install documentdb "$CACHE/build/documentdb/pg_documentdb" "$copt"
  printf '%s\n' "$EXTENSIONS_KEY" >"$CACHE/extensions.stamp"
}

build_ferretdb() {
  say "building FerretDB $FERRETDB_VERSION with go install (1-2 minutes; about 4 with no Go module cache)"
  rm -rf "$CACHE/bin.tmp"
  run_logged ferretdb env GOBIN="$CACHE/bin.tmp" GOFLAGS=-buildvcs=false \
    go install "github.com/FerretDB/FerretDB/v2/cmd/ferretdb@$FERRETDB_VERSION"
  mkdir -p "$CACHE/bin"
  mv -f "$CACHE/bin.tmp/ferretdb" "$FERRETDB"
  rm -rf "$CACHE/bin.tmp"
}

# Builds whatever is missing. Concurrent calls wait for each other.
ensure_built() {
  local missing
  missing=$(missing_build)
  [[ -n $missing ]] || return 0
  if [[ ! -f /etc/debian_version ]] || ! command -v apt-get >/dev/null || [[ $(uname -m) != x86_64 && $(uname -m) != aarch64 ]]; then
    die "the FerretDB 2 test server is built only on Debian 12 (bookworm); here, test against a MongoDB 6.0+ server of your own:   MONGODB_URI=mongodb://host:27017/ npm test"
  fi
  if ! is_root; then
    die "the FerretDB 2 test server is not built yet; missing:
$(sed 's/^/    /' <<<"$missing")
  Either build it once as root:   sudo ${AMPARO_TESTDB_CACHE:+AMPARO_TESTDB_CACHE=$CACHE }bash scripts/testdb.sh build   (Go $FERRETDB_GO_MIN+ needed; several minutes)
  or test against a MongoDB 6.0+ server of your own:   MONGODB_URI=mongodb://host:27017/ npm test"
  fi
  mkdir -p "$CACHE/logs" "$CACHE/build"
  chmod 755 "$CACHE" # readable by all: other users (and `postgres`) may start what is built here
  exec 9>"$CACHE/.build.lock"
  flock 9
  missing=$(missing_build) # another run may have built it meanwhile
  if [[ -z $missing ]]; then exec 9>&-; return 0; fi
  local t0=$SECONDS
  say "building the test server into $CACHE; missing:"
  sed 's/^/[testdb]     /' <<<"$missing" >&2
  # Fail early, before minutes of building, when Go is missing.
  if grep -q '^FerretDB' <<<"$missing"; then find_go; fi

  local pkgs
  mapfile -t pkgs < <(missing_packages)
  if ((${#pkgs[@]})); then
    say "apt-get: installing ${pkgs[*]} (a minute or two)"
    run_logged apt-get-update apt-get update
    run_logged apt-get-install env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${pkgs[@]}"
  fi
  if installed "$DEBIAN_PG_CRON"; then
    # Its pg_cron 1.4.2 rejects DocumentDB's "2 seconds" schedules. Removed before ours is installed.
    say "apt-get: removing $DEBIAN_PG_CRON (pg_cron 1.6.3 is built from source instead)"
    run_logged apt-get-remove env DEBIAN_FRONTEND=noninteractive apt-get remove -y "$DEBIAN_PG_CRON"
    rm -f "$CACHE/extensions.stamp"
  fi
  missing=$(missing_build)
  if grep -q '^PostgreSQL extensions' <<<"$missing"; then build_extensions; fi
  if grep -q '^FerretDB' <<<"$missing"; then build_ferretdb; fi
  missing=$(missing_build)
  [[ -z $missing ]] || die "still missing after the build: $missing"
  say "built in $((SECONDS - t0)) s; kept in $CACHE"
  exec 9>&-
}

# ------------------------------------------------------------------------------------- run
# A TCP port free now. Never the shared server's fixed ports.
free_port() {
  local port
  while :; do
    port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    [[ $port == 27029 || $port == 54329 || $port == 27017 || $port == 5432 ]] || break
  done
  echo "$port"
}

accepts() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

psql_at() { # port, SQL
  "$PGBIN/psql" -X -h 127.0.0.1 -p "$1" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt -c "$2"
}

pg_running() { [[ -f $1/pgdata/postmaster.pid ]] && as_owner "$PGBIN/pg_ctl" -D "$1/pgdata" status >/dev/null 2>&1; }

# Whether pid $1 is the FerretDB serving <dir> $2 (a stale pid file may name another process).
cmdline() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null; }
ferretdb_of() { local line; line=$(cmdline "$1") && [[ $line == *"--state-dir=$2/state "* ]]; }
watchdog_of() { local line; line=$(cmdline "$1") && [[ $line == *" watch $2 "* ]]; }

init_cluster() {
  local dir=$1
  say "initdb $dir/pgdata"
  as_owner "$PGBIN/initdb" -D "$dir/pgdata" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/log/initdb.log" 2>&1 ||
    { cat "$dir/log/initdb.log" >&2; die "initdb failed"; }
  cat >>"$dir/pgdata/postgresql.conf" <<'EOF'

# ---- scripts/testdb.sh: a throwaway cluster for the tests (the port is given at start) ----
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
shared_preload_libraries = 'pg_cron,pg_documentdb_core,pg_documentdb'
cron.database_name = 'postgres'
documentdb.enableCompact = true
documentdb.enableLetAndCollationForQueryMatch = true
documentdb.enableNowSystemVariable = true
documentdb.enableSchemaValidation = true
documentdb.enableBypassDocumentValidation = true
documentdb.enableUserCrud = true
documentdb.maxUserLimit = 100
# The ordered ("composite") operator class for new indexes: a range scan on a compound index
# stays proportional to its matches as the collection grows.
documentdb.defaultUseCompositeOpClass = on
# A write never waits for long on another's uncommitted one (MongoDB does not make it wait),
# and a session its client left inside a transaction gives its locks back: both end in an
# error the client tries again.
lock_timeout = '10s'
idle_in_transaction_session_timeout = '10s'
# Test data only: no durability.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

start_postgres() {
  local dir=$1 port attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$PGBIN/pg_ctl" -D "$dir/pgdata" -l "$dir/log/postgresql.log" -o "-p $port" -w -t 60 start >/dev/null 2>&1 3>&-; then
      echo "$port"; return
    fi
    if grep -q 'could not bind\|already in use' "$dir/log/postgresql.log" && ((attempt < 5)); then
      say "port $port was taken meanwhile; trying another"; continue
    fi
    tail -n 20 "$dir/log/postgresql.log" >&2
    die "PostgreSQL did not start (log: $dir/log/postgresql.log)"
  done
}

start_ferretdb() {
  local dir=$1 pg_port=$2 port pid attempt
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    # setsid: a Ctrl-C meant for the test run does not reach it; `stop` or the watchdog ends it.
    setsid "$FERRETDB" \
      --postgresql-url="postgres://postgres@127.0.0.1:$pg_port/postgres" \
      --listen-addr="127.0.0.1:$port" --no-auth --debug-addr=- --telemetry=disable \
      --state-dir="$dir/state" --log-level=warn </dev/null >"$dir/log/ferretdb.log" 2>&1 3>&- &
    pid=$!
    echo "$pid" >"$dir/ferretdb.pid"
    for _ in $(seq 1 300); do # 30 s at most
      alive "$pid" || break
      if accepts "$port"; then echo "$port"; return; fi
      sleep 0.1
    done
    if alive "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      tail -n 20 "$dir/log/ferretdb.log" >&2
      die "FerretDB did not accept connections within 30 s (log: $dir/log/ferretdb.log)"
    fi
    rm -f "$dir/ferretdb.pid"
    if grep -q 'address already in use' "$dir/log/ferretdb.log" && ((attempt < 5)); then
      say "port $port was taken meanwhile; trying another"; continue
    fi
    tail -n 20 "$dir/log/ferretdb.log" >&2
    die "FerretDB exited at start (log: $dir/log/ferretdb.log)"
  done
}

start() {
  local dir=$1 owner=${2:-} pg_port port uri pg_version docdb_version t0
  if [[ -n $owner ]]; then
    [[ $owner =~ ^[0-9]+$ ]] && alive "$owner" || die "owner-pid $owner is not a running process"
  fi
  ensure_built
  t0=$SECONDS
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [[ -f $dir/uri && -f $dir/ferretdb.pid ]] && alive "$(cat "$dir/ferretdb.pid")" &&
    ferretdb_of "$(cat "$dir/ferretdb.pid")" "$dir" && pg_running "$dir"; then
    say "already running in $dir"
    cat "$dir/uri" >&3
    return
  fi
  mkdir -p "$dir/log" "$dir/state"
  if is_root; then
    chown postgres:postgres "$dir" "$dir/log"
    runuser -u postgres -- test -w "$dir" -a -x "$dir" ||
      die "the postgres user cannot reach $dir (is it inside /root or another private folder?): choose a folder such as /tmp/amparo-testdb"
  fi
  # Should anything below fail, what was started so far is stopped again.
  STARTING=$dir
  trap 'if [[ -n ${STARTING:-} ]]; then say "start failed: stopping what it started in $STARTING"; stop "$STARTING" || true; fi' EXIT
  [[ -f $dir/pgdata/PG_VERSION ]] || init_cluster "$dir"
  pg_running "$dir" && as_owner "$PGBIN/pg_ctl" -D "$dir/pgdata" -m fast -w stop >/dev/null 2>&1 || true
  pg_port=$(start_postgres "$dir")
  echo "$pg_port" >"$dir/postgresql.port"
  psql_at "$pg_port" "SET client_min_messages = warning; CREATE EXTENSION IF NOT EXISTS documentdb CASCADE;" >/dev/null ||
    die "CREATE EXTENSION documentdb failed (PostgreSQL log: $dir/log/postgresql.log)"
  pg_version=$(psql_at "$pg_port" "SELECT current_setting('server_version_num')::int / 10000")
  docdb_version=$(psql_at "$pg_port" "SELECT extversion FROM pg_extension WHERE extname = 'documentdb'")
  port=$(start_ferretdb "$dir" "$pg_port")
  uri="mongodb://127.0.0.1:$port/"
  echo "$uri" >"$dir/uri"
  echo "FerretDB ${FERRETDB_VERSION#v} on PostgreSQL $pg_version + DocumentDB $docdb_version" >"$dir/version"
  if [[ -n $owner ]]; then
    # The watchdog: a test run killed before its teardown leaves no server behind.
    setsid bash "$SELF" watch "$dir" "$owner" </dev/null >>"$dir/log/watchdog.log" 2>&1 3>&- &
    echo $! >"$dir/watchdog.pid"
  fi
  STARTING=
  say "$(cat "$dir/version") at $uri (PostgreSQL on port $pg_port, FerretDB pid $(cat "$dir/ferretdb.pid")), started in $((SECONDS - t0)) s${owner:+; stops when process $owner ends}"
  echo "$uri" >&3
}

# TERM, then KILL if it is still there after 10 s.
halt() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do alive "$pid" || return 0; sleep 0.1; done
  say "process $pid ignored TERM; killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

stop() {
  local dir=$1 pid
  [[ -d $dir ]] || return 0
  dir=$(cd "$dir" && pwd)
  if [[ -f $dir/watchdog.pid ]]; then
    pid=$(cat "$dir/watchdog.pid")
    if [[ $pid != "$$" ]] && alive "$pid" && watchdog_of "$pid" "$dir"; then kill -TERM "$pid" 2>/dev/null || true; fi
    rm -f "$dir/watchdog.pid"
  fi
  if [[ -f $dir/ferretdb.pid ]]; then
    pid=$(cat "$dir/ferretdb.pid")
    if alive "$pid" && ferretdb_of "$pid" "$dir"; then halt "$pid"; fi
    rm -f "$dir/ferretdb.pid"
  fi
  if [[ -f $dir/pgdata/postmaster.pid ]]; then
    as_owner "$PGBIN/pg_ctl" -D "$dir/pgdata" -m fast -w -t 30 stop >/dev/null 2>&1 ||
      as_owner "$PGBIN/pg_ctl" -D "$dir/pgdata" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  if [[ -f $dir/pgdata/postmaster.pid ]] && pg_running "$dir"; then
    die "PostgreSQL in $dir/pgdata would not stop"
  fi
  # A throwaway cluster: its data goes, its logs stay for whoever looks into a failure.
  rm -rf "$dir/pgdata" "$dir/state" "$dir/uri" "$dir/postgresql.port"
}

# Stops <dir> when the owner process is gone (or stops itself when <dir> was stopped).
watch() {
  local dir=$1 owner=$2
  trap '' INT HUP
  while alive "$owner"; do
    [[ -f $dir/ferretdb.pid ]] || exit 0
    sleep 1
  done
  say "owner process $owner is gone: stopping the test server in $dir"
  stop "$dir"
}

usage="usage: $0 start <dir> [owner-pid] | stop <dir> | build | built"
case "${1:-}" in
  start) [[ -n ${2:-} ]] || die "$usage"; start "$2" "${3:-}" ;;
  stop) [[ -n ${2:-} ]] || die "$usage"; stop "$2" ;;
  watch) watch "$2" "$3" ;;
  build) ensure_built; say "everything is built ($CACHE)" ;;
  built)
    missing=$(missing_build)
    [[ -z $missing ]] || { say "not built: $missing"; exit 1; }
    ;;
  *) die "$usage" ;;
esac
