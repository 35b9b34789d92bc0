#!/usr/bin/env bash
# A throwaway IMAP server (Debian's dovecot) on loopback for the email tests.
#
#   scripts/dovecot.sh start   installs dovecot-imapd if missing, writes a config, one user and an
#                              empty mailbox into a temporary folder, starts dovecot on 127.0.0.1
#                              and prints the mailbox's INBOX_IMAP_URL
#   scripts/dovecot.sh stop    stops it and deletes the folder
#
# Each checkout gets its own folder and port (from its path); INBOX_IMAP_TEST_PORT and
# INBOX_IMAP_TEST_DIR override them. Starting twice reuses the running server.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEY="$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
PORT="${INBOX_IMAP_TEST_PORT:-$((55000 + KEY % 1000))}"
DIR="${INBOX_IMAP_TEST_DIR:-/tmp/inbox-dovecot-$KEY}"
USER_NAME=support PASSWORD=imap-test-password
URL="imap://$USER_NAME:$PASSWORD@127.0.0.1:$PORT/INBOX"

say() { echo "dovecot.sh: $*" >&2; }

install_if_missing() {
    command -v dovecot >/dev/null && return
    say "installing Debian's dovecot-imapd"
    local policy=/usr/sbin/policy-rc.d made_policy=""
    if [[ ! -e $policy ]]; then  # keep the package's own server from starting
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
    fi
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >&2
    [[ -n $made_policy ]] && rm -f "$policy"
    return 0
}

write_config() {
    mkdir -p "$DIR/mail" "$DIR/run"
    chown -R dovecot:dovecot "$DIR/mail"
    printf '%s:{PLAIN}%s::::::\n' "$USER_NAME" "$PASSWORD" >"$DIR/users"
    cat >"$DIR/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $DIR/run
log_path = $DIR/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = $(id -u dovecot)
mail_location = maildir:$DIR/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $DIR/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$DIR/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
CONF
}

case "${1:-}" in
start)
    if [[ -f $DIR/run/master.pid ]] && kill -0 "$(cat "$DIR/run/master.pid")" 2>/dev/null; then
        echo "$URL"
        exit 0
    fi
    install_if_missing
    write_config
    dovecot -c "$DIR/dovecot.conf" </dev/null >/dev/null 2>&1  # a daemon: keep no pipe open
    for _ in $(seq 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && { say "running on 127.0.0.1:$PORT"; echo "$URL"; exit 0; }
        sleep 0.1
    done
    say "dovecot did not start; its log:"; cat "$DIR/dovecot.log" >&2 || true
    exit 1
    ;;
stop)
    if [[ -f $DIR/run/master.pid ]]; then
        dovecot -c "$DIR/dovecot.conf" stop 2>/dev/null || true
        for _ in $(seq 50); do [[ -f $DIR/run/master.pid ]] || break; sleep 0.1; done
    fi
    rm -rf "$DIR"
    say "stopped"
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
