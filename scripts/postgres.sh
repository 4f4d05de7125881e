#!/usr/bin/env bash
# Make sure a PostgreSQL server for the tests runs on this machine, and print its SQLAlchemy URL on stdout.
#
# In order: KIOSK_TEST_PG_URL when set (used as given); else the password-free `postgres` role on
# 127.0.0.1 (database `test`, created if missing); else the local server with a test role of its own
# (`kiosk_test`, password `kiosk_test`, may create databases), made through the postgres account's local
# socket, which needs no change to pg_hba.conf. The server is installed (apt) when missing, a cluster is
# created when there is none, and a stopped cluster is started. Progress goes to stderr.
# Needs .venv (psycopg) from scripts/setup.sh. Port: KIOSK_TEST_PG_PORT (default 5432).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

if [ -n "${KIOSK_TEST_PG_URL:-}" ]; then
  echo "$KIOSK_TEST_PG_URL"
  exit 0
fi
PORT=${KIOSK_TEST_PG_PORT:-5432}
TRUST_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT"
ROLE=kiosk_test
ROLE_URL="postgresql+psycopg://$ROLE:$ROLE@127.0.0.1:$PORT/$ROLE"

say() { echo "postgres: $*" >&2; }

connects() {
  # True when the URL (SQLAlchemy form) accepts a connection within 3 s.
  .venv/bin/python - "$1" <<'PY' 2>/dev/null
import sys
import psycopg
url = sys.argv[1].replace("postgresql+psycopg://", "postgresql://", 1)
psycopg.connect(url, connect_timeout=3).close()
PY
}

use_trust_role() {
  # With password-free access as postgres: make sure database `test` exists, then use it.
  connects "$TRUST_URL/postgres" || return 1
  .venv/bin/python - "$TRUST_URL/postgres" <<'PY' >&2
import sys
import psycopg
url = sys.argv[1].replace("postgresql+psycopg://", "postgresql://", 1)
with psycopg.connect(url, autocommit=True) as conn:
    if conn.execute("SELECT 1 FROM pg_database WHERE datname = 'test'").fetchone() is None:
        conn.execute("CREATE DATABASE test")
        print("postgres: created database test", file=sys.stderr)
PY
  utf8_or_die "$TRUST_URL/test"
}

server_binary() { ls /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -n1; }

start_server() {
  # Installs the server if missing, creates a cluster on $PORT if there is none, starts it, waits for it.
  if [ -z "$(server_binary)" ]; then
    say "no PostgreSQL server on this machine; installing it"
    # The package's own start-up of its cluster may fail in a container without an init system; we start it below.
    # The package makes its `main` cluster in the caller's locale; on a machine with no locale set (LANG unset,
    # i.e. "C") that is SQL_ASCII, which the tests cannot use. C.UTF-8 is always there on Debian/Ubuntu.
    LC_ALL=C.UTF-8 apt_install postgresql || { [ -n "$(server_binary)" ] || exit 1; }
  fi
  local version cluster status
  version=$(basename "$(dirname "$(dirname "$(server_binary)")")")
  read -r cluster status < <(pg_lsclusters -h 2>/dev/null | awk -v p="$PORT" '$3 == p {print $1 "/" $2, $4; exit}') || true
  if [ -z "${cluster:-}" ]; then
    local name=main
    [ -d "/etc/postgresql/$version/main" ] && name=$ROLE  # main exists on another port
    say "creating cluster $version/$name on port $PORT"
    as_root pg_createcluster -p "$PORT" --locale C.UTF-8 --encoding UTF8 "$version" "$name" >&2
    read -r cluster status < <(pg_lsclusters -h | awk -v p="$PORT" '$3 == p {print $1 "/" $2, $4; exit}')
  fi
  if [ "$status" != online ]; then
    say "starting cluster $cluster"
    as_root pg_ctlcluster --skip-systemctl-redirect "${cluster%/*}" "${cluster#*/}" start >&2 || true
  fi
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p "$PORT" && return 0
    sleep 1
  done
  say "the server on port $PORT did not come up; see /var/log/postgresql/"
  exit 1
}

make_test_role() {
  # Creates the test role and its database through the postgres account's local socket (peer access).
  say "creating role and database $ROLE"
  as_postgres psql -q -p "$PORT" -d postgres -v ON_ERROR_STOP=1 >&2 <<SQL
SELECT 'CREATE ROLE $ROLE LOGIN CREATEDB' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$ROLE')\gexec
ALTER ROLE $ROLE LOGIN CREATEDB PASSWORD '$ROLE';
SELECT 'CREATE DATABASE $ROLE OWNER $ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$ROLE')\gexec
SQL
}

utf8_or_die() {
  # The tests create their databases from template1; a cluster made in the C locale has SQL_ASCII there, and
  # psycopg then returns bytes for text (a TypeError deep in SQLAlchemy). Say so plainly instead.
  local enc
  enc=$(.venv/bin/python - "$1" <<'PY' 2>/dev/null
import sys
import psycopg
url = sys.argv[1].replace("postgresql+psycopg://", "postgresql://", 1)
with psycopg.connect(url, connect_timeout=3) as conn:
    enc = conn.execute("SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = 'template1'").fetchone()[0]
print(enc.decode() if isinstance(enc, bytes) else enc)
PY
) || enc=unknown
  if [ "$enc" != UTF8 ]; then
    say "the server on port $PORT has template1 in encoding $enc; the tests need UTF8. Recreate that cluster with"
    say "  pg_createcluster --locale C.UTF-8 --encoding UTF8 …, or use another port (KIOSK_TEST_PG_PORT) or KIOSK_TEST_PG_URL"
    exit 1
  fi
  echo "$1"
  exit 0
}

use_trust_role && exit 0
connects "$ROLE_URL" && utf8_or_die "$ROLE_URL"
if ! pg_isready -q -h 127.0.0.1 -p "$PORT" 2>/dev/null; then
  start_server
fi
use_trust_role && exit 0
connects "$ROLE_URL" && utf8_or_die "$ROLE_URL"
make_test_role
connects "$ROLE_URL" && utf8_or_die "$ROLE_URL"
say "cannot connect as $ROLE on 127.0.0.1:$PORT; check pg_hba.conf allows password (scram/md5) logins from 127.0.0.1"
exit 1
