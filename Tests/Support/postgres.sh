#!/usr/bin/env bash
# A throw-away PostgreSQL for the tests: Debian's server binaries, a new cluster in a temporary folder owned by an
# unprivileged user (PostgreSQL refuses to run as root), on a free loopback port, fsync on as in production.
#   eval "$(Tests/Support/postgres.sh start)"   # exports PORTAIL_TEST_POSTGRES_URL, PORTAIL_TEST_POSTGRES_DATA, …
#   Tests/Support/postgres.sh stop "$PORTAIL_TEST_POSTGRES_DATA"
#   Tests/Support/postgres.sh restart "$PORTAIL_TEST_POSTGRES_DATA"   # the tests that restart it under load use this
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
user=postgres
id "$user" >/dev/null 2>&1 || { echo "no '$user' user (Debian's postgresql package creates it)" >&2; exit 1; }

as_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

# The server runs on after this script: it must not keep the descriptors our caller gave us (a test harness that
# waits for them to close, as Foundation's Process does, would wait for ever).
detached() {
  (
    for fd in /proc/self/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
    done
    "$@"
  )
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
  start)
    data=$(mktemp -d /tmp/portail-postgres-XXXXXX)
    [ "$(id -u)" = 0 ] && chown "$user" "$data"
    port=$(free_port)
    as_user "$bin/initdb" -D "$data/cluster" -U portail --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$data/initdb.log" 2>&1 \
      || { cat "$data/initdb.log" >&2; exit 1; }
    echo "$port" > "$data/port"
    detached as_user "$bin/pg_ctl" -D "$data/cluster" -l "$data/server.log" -w -t 60 \
      -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=200" \
      start >/dev/null || { cat "$data/server.log" >&2; exit 1; }
    as_user "$bin/psql" -h "$data" -p "$port" -U portail -d postgres -q \
      -c "ALTER ROLE portail PASSWORD 'portail-test'" -c "CREATE DATABASE portail OWNER portail" >/dev/null
    echo "export PORTAIL_TEST_POSTGRES_URL=postgres://portail:portail-test@127.0.0.1:$port/portail"
    echo "export PORTAIL_TEST_POSTGRES_DATA=$data"
    echo "export PORTAIL_TEST_POSTGRES_BIN=$bin"
    ;;
  stop)
    data="${2:?the data folder printed by start}"
    as_user "$bin/pg_ctl" -D "$data/cluster" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$data"
    ;;
  restart)
    data="${2:?the data folder printed by start}"
    detached as_user "$bin/pg_ctl" -D "$data/cluster" -m fast -w -t 60 restart \
      -o "-p $(cat "$data/port") -k $data -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on -c max_connections=200" \
      >/dev/null
    ;;
  *)
    echo "usage: $0 start | stop DATA | restart DATA" >&2; exit 2 ;;
esac
