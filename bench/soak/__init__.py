"""Soak: 30 agents, 200 visitors and API traffic against the production build for 10 minutes.

    rm -rf /tmp/soak && INBOX_DATA_DIR=/tmp/soak INBOX_ADMIN_EMAIL=admin@example.com \
      INBOX_ADMIN_PASSWORD=admin-password INBOX_DEMO=1 .venv/bin/python -m inbox_app bootstrap
    INBOX_DATA_DIR=/tmp/soak flock /tmp/inbox-e2e.lock .venv/bin/python -m bench.soak --minutes 10

Starts its own production server (one process, SQLite) on the bootstrapped data folder, with
INBOX_WIDGET_RATE_LIMIT_SCALE raised (every simulated visitor comes from 127.0.0.1) and its log
in the data folder (`soak-server.log`), and adds the agents it needs (soak-agent-NN@example.com).

- Agents: Reflex dashboard connections (bench/soak/clients.py's socket: hydrate signed in, page
  loads by on_load like a browser's navigation, and every live push). Repliers open the oldest
  chat waiting for an answer, type ("is typing…" reaches the widget) and reply, 1 in 5 replies
  with a file uploaded first; watchers move between chats and lists.
- Visitors: what widget.js and the panel do: the static files, config, status every 30 s, a
  heartbeat every 20 s, start a chat, long-poll /api/widget/updates with wait=25, type and send
  now and then with an idempotency key (some sends repeated, as after a lost answer), and leave
  after a few minutes; a new visitor takes each one's place.
- API traffic: an integration on the REST API with an API key (bench/soak/rest.py: pages of
  open conversations, comments on live chats, contacts filled in), a monitor on GET
  /api/health, and agent uploads with a Bearer token to /api/conversations/<id>/attachments,
  each fetched back through its signed /api/attachments/<id> link.

Per minute (after a warm-up that is not counted): the server's memory (all its processes) and
CPU, p50/p95 of visitor send -> 201, agent event -> its answer on the socket (a reply -> the
reply in the sender's thread; a page load -> the load done), agent reply -> the visitor's
long-poll answers with it, visitor send -> the text on an agent's socket; and errors: every
non-2xx, exception, lost socket, event without answer, reply never seen by its visitor, and every
Traceback/ERROR line in the server log; and a canary (canary.py) that times a fixed piece of
Python in a process of its own, so a slow minute of the machine shows as such. Ends with a
verdict against the targets: memory flat (after the last minute at most 10 % above after minute
2), every minute's p95 within 20 % of minute 1's, zero errors. Results and what they showed: docs/PERFORMANCE.md, "Soak".
"""
