#!/usr/bin/env bash
# A throwaway redis-server on loopback for the tests: `start` prints its URL, `stop` ends it,
# `restart` stops it and starts it again (tests of a Redis outage).
# Installs Debian's package when missing (CI machines start without it).
set -euo pipefail
PORT="${INBOX_TEST_REDIS_PORT:-6391}"
DIR="${TMPDIR:-/tmp}/inbox-test-redis-$PORT"

serve() {
  mkdir -p "$DIR"
  if ! redis-cli -p "$PORT" ping >/dev/null 2>&1; then
    # Reflex needs keyspace events for its socket records; nothing is persisted.
    redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no \
      --notify-keyspace-events KEA --daemonize yes --dir "$DIR" \
      --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" >/dev/null
    for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "redis://127.0.0.1:$PORT/0"
}

case "${1:-}" in
  start)
    command -v redis-server >/dev/null || {
      apt-get update -qq >/dev/null && apt-get install -y -qq redis-server >/dev/null
    }
    serve
    ;;
  restart)
    # The same server again (port, settings, folder), empty like any restart of it: nothing is
    # persisted. `restart SECONDS` keeps it down that long first (an outage, not just a blip).
    redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
    for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 || break; sleep 0.1; done
    sleep "${2:-0}"
    serve
    ;;
  stop)
    redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
  *) echo "usage: $0 start|restart [seconds down]|stop" >&2; exit 2 ;;
esac
