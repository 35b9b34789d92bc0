#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the test suite.
#
#   scripts/postgres.sh start   installs Debian's postgresql if missing, makes a fresh cluster in a
#                               temporary folder, starts it on 127.0.0.1 and prints the database URL
#   scripts/postgres.sh url     prints the URL of the running server
#   scripts/postgres.sh stop    stops the server and deletes its folder
#
# Each checkout gets its own folder and port (from its path), so two worktrees don't collide;
# INBOX_PG_PORT and INBOX_PG_DIR override them. Starting twice reuses the running server.
# The URL's role may create databases: the tests make one per test from a migrated template.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEY="$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
PORT="${INBOX_PG_PORT:-$((54000 + KEY % 1000))}"
DIR="${INBOX_PG_DIR:-/tmp/inbox-postgres-$KEY}"  # not TMPDIR: the postgres user must reach it
DATA="$DIR/data"
ROLE=inbox PASSWORD=inbox DATABASE=inbox
URL="postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"

say() { echo "postgres.sh: $*" >&2; }

install_if_missing() {
    compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && return
    say "installing Debian's postgresql"
    # Keep the package's own cluster from starting: only ours should run.
    local policy=/usr/sbin/policy-rc.d made_policy=""
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
    fi
    local status=0
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2 \
        || status=$?
    if [[ -n $made_policy ]]; then rm -f "$policy"; fi
    return "$status"
}

bin_dir() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

# PostgreSQL refuses to run as root: root runs it as the package's postgres user.
as_owner() {
    if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

is_running() { [[ -f $DATA/postmaster.pid ]] && as_owner "$(bin_dir)/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

psql_admin() { as_owner "$(bin_dir)/psql" -h "$DIR" -p "$PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 "$@"; }

start() {
    install_if_missing
    if is_running; then
        say "already running on 127.0.0.1:$PORT"
        echo "$URL"
        return
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [[ $(id -u) == 0 ]] && chown postgres: "$DIR"
    local bin
    bin="$(bin_dir)"
    as_owner "$bin/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || { cat "$DIR/initdb.log" >&2; exit 1; }
    # Durability is worthless for a throwaway cluster; the tests are faster without it.
    local options="-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR"
    # Autovacuum is off too: its workers would hold the per-test databases the tests drop.
    options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off"
    options+=" -c max_connections=200"
    as_owner "$bin/pg_ctl" -D "$DATA" -l "$DIR/server.log" -o "$options" -w -t 60 start >/dev/null \
        || { cat "$DIR/server.log" >&2; exit 1; }
    psql_admin -c "CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$PASSWORD'"
    # DROP DATABASE ... WITH (FORCE) may have to end a backend the role does not own.
    psql_admin -c "GRANT pg_signal_backend TO $ROLE"
    psql_admin -c "CREATE DATABASE $DATABASE OWNER $ROLE"
    say "running on 127.0.0.1:$PORT (data in $DATA)"
    echo "$URL"
}

stop() {
    if is_running; then
        as_owner "$(bin_dir)/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
        say "stopped"
    fi
    rm -rf "$DIR"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) is_running && echo "$URL" ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
