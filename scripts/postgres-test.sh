#!/usr/bin/env bash
# Starts (or finds already running) a throwaway PostgreSQL cluster for the tests, on a loopback
# port, and prints its URL on the last line: postgres://postgres@127.0.0.1:PORT/postgres
#
#   bash scripts/postgres-test.sh          start if needed, print the URL
#   bash scripts/postgres-test.sh stop     stop it (the data stays for the next start)
#
# Idempotent and safe to call from every test file. It uses Debian's postgresql package
# (scripts/setup.sh installs it; this script installs it too when it is missing) but never the
# distribution's own cluster: the data lives in PGTEST_DIR, trust auth on 127.0.0.1 only, and
# fsync off, because nothing in it outlives a test run. PostgreSQL refuses to run as root, so
# as root the server runs as the `postgres` user the package creates.
set -euo pipefail
# PostgreSQL tools run as `postgres`, which may not be allowed into the caller's directory.
cd /

PORT="${PGTEST_PORT:-54329}"
DIR="${PGTEST_DIR:-/var/tmp/station-pgtest-$PORT}"
URL="postgres://postgres@127.0.0.1:$PORT/postgres"

bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$d" ] && [ -x "$d/pg_ctl" ] && echo "$d"
}

BIN="$(bindir || true)"
if [ -z "$BIN" ]; then
  echo "postgres-test: installing Debian's postgresql" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  BIN="$(bindir)"
fi

# Run a PostgreSQL tool as the cluster's owner: ourselves, or `postgres` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres; }

if [ "${1:-start}" = "stop" ]; then
  if [ -f "$DIR/postmaster.pid" ]; then as_owner "$BIN/pg_ctl" -D "$DIR" -m fast -w stop >&2; fi
  exit 0
fi

if ready; then
  echo "$URL"
  exit 0
fi

if [ ! -f "$DIR/PG_VERSION" ]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$DIR"
  chmod 700 "$DIR"
  as_owner "$BIN/initdb" -D "$DIR" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
    >"$DIR.initdb.log" 2>&1 || { cat "$DIR.initdb.log" >&2; exit 1; }
fi

# A stale pid file from a killed run would stop pg_ctl from starting; pg_ctl status tells.
if ! as_owner "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  rm -f "$DIR/postmaster.pid"
fi

# The server's output goes to its log, never to our stdout: a test that reads this script's
# output through a pipe must not wait for a daemon to close it.
as_owner "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 start \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
  -c full_page_writes=off -c max_connections=200" </dev/null >/dev/null 2>&1 ||
  ready || { tail -n 30 "$DIR/server.log" >&2; exit 1; }

for _ in $(seq 1 100); do
  ready && { echo "$URL"; exit 0; }
  sleep 0.1
done
echo "postgres-test: the server did not become ready; see $DIR/server.log" >&2
exit 1
