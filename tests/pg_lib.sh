# pg_lib.sh — what the PostgreSQL shell tests share (sourced, never run):
# the skip when no test server is named, the superuser's psql, and the URI
# of another database (and user) on the same server.
# Needs PIIMAP_TEST_PG: a superuser's libpq URI or key=value string, as
# tests/pg_cluster.sh prints it.

# pg_require NAME: without PIIMAP_TEST_PG the test is skipped (exit 77, which
# ctest reports as skipped), saying so.
pg_require() {
  if [ -z "${PIIMAP_TEST_PG:-}" ]; then
    echo "$1: SKIPPED: PIIMAP_TEST_PG is not set (.ci/run sets it; by hand:"
    echo '  eval "$(tests/pg_cluster.sh start /tmp/pg)"; ...; tests/pg_cluster.sh stop /tmp/pg)'
    exit 77
  fi
}
admin() { psql "$PIIMAP_TEST_PG" -v ON_ERROR_STOP=1 -qAtX "$@"; }
# uri DB [USER]: the test server's URI for another database (and user).
uri() {
  case "$PIIMAP_TEST_PG" in
  postgres*://*\?*) echo "$PIIMAP_TEST_PG&dbname=$1${2:+&user=$2}" ;;
  postgres*://*) echo "$PIIMAP_TEST_PG?dbname=$1${2:+&user=$2}" ;;
  *) echo "$PIIMAP_TEST_PG dbname=$1${2:+ user=$2}" ;;
  esac
}
# admin_in DB ARGS...: the superuser's psql in another database
admin_in() { psql "$(uri "$1")" -v ON_ERROR_STOP=1 -qAtX "${@:2}"; }
