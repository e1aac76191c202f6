#!/usr/bin/env bash
# tests/pg_cluster.sh — a throwaway PostgreSQL cluster for the tests and for
# developers: initdb into a directory, a Unix socket in that directory only
# (no TCP), started with pg_ctl -w; stopped and removed again with "stop".
#
#   eval "$(tests/pg_cluster.sh start /tmp/pgtest)"   # exports PIIMAP_TEST_PG
#   ...
#   tests/pg_cluster.sh stop /tmp/pgtest
#
# "start" prints shell export lines: PIIMAP_TEST_PG (a libpq URI for the
# superuser, database piimap_test) and PIIMAP_TEST_PG_DIR. Local connections
# of the superuser "postgres" are trusted (only this socket directory, mode
# 0700, reaches them); every other role must give its password (SCRAM), so
# tests can check that a limited role with a password file works.
# It never touches a cluster it did not make: "stop" needs the marker file
# "start" leaves.
set -euo pipefail

bindir=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$bindir/initdb" ] || { echo "pg_cluster: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

case "$cmd" in
start)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ -e "$dir/data" ] && { echo "pg_cluster: $dir/data exists already" >&2; exit 1; }
  mkdir -p "$dir/sock"
  chmod 0700 "$dir" "$dir/sock"
  [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=reject >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  cat > "$dir/data/pg_hba.conf" <<HBA
local all postgres trust
local all all scram-sha-256
HBA
  cat >> "$dir/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$dir/sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
CONF
  as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  touch "$dir/.piimap-test-cluster"
  "$bindir/psql" -h "$dir/sock" -U postgres -d postgres -qAt \
    -c "CREATE DATABASE piimap_test" >/dev/null
  echo "export PIIMAP_TEST_PG='postgresql:///piimap_test?host=$dir/sock&user=postgres'"
  echo "export PIIMAP_TEST_PG_DIR='$dir'"
  ;;
stop)
  [ -e "$dir/.piimap-test-cluster" ] || { echo "pg_cluster: $dir is not a cluster this script made" >&2; exit 1; }
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
