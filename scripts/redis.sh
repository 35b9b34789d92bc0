#!/usr/bin/env bash
# A throwaway redis-server on loopback for the tests: `start` prints its URL, `stop` ends it.
# Installs Debian's package when missing (CI machines start without it).
set -euo pipefail
PORT="${INBOX_TEST_REDIS_PORT:-6391}"
DIR="${TMPDIR:-/tmp}/inbox-test-redis-$PORT"

case "${1:-}" in
  start)
    command -v redis-server >/dev/null || {
      apt-get update -qq >/dev/null && apt-get install -y -qq redis-server >/dev/null
    }
    mkdir -p "$DIR"
    if ! redis-cli -p "$PORT" ping >/dev/null 2>&1; then
      # Reflex needs keyspace events for its socket records; nothing is persisted.
      redis-server --port "$PORT" --bind 127.0.0.1 --save "" --appendonly no \
        --notify-keyspace-events KEA --daemonize yes --dir "$DIR" \
        --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log" >/dev/null
      for _ in $(seq 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    fi
    echo "redis://127.0.0.1:$PORT/0"
    ;;
  stop)
    redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
    rm -rf "$DIR"
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
