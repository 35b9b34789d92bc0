"""A mail on screen for a watching agent after the receiver's `250` (issue 11, speed: ≤ 300 ms),
on the production build (one process) in Chromium.

    .venv/bin/python -m bench.email_on_screen --runs 30

Makes its own data folder (an admin, no demo data) and starts the server with the built-in
receiver on a free port. The agent watches All messages; each run sends one mail from a new
customer with smtplib, stamps the moment `sendmail` returns (the `250`: the mail is stored),
and the page stamps, with a MutationObserver, the moment the new card's text is in the list.
Both stamps are this machine's clock (Date.now() and time.time()).
"""

from __future__ import annotations

import argparse
import os
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from email.message import EmailMessage

from playwright.sync_api import Page, sync_playwright

from bench.live import pct
from bench.serve import production_server
from tests.e2e.conftest import CHROMIUM_ARGS, ROOT, _free_port

ADMIN, PASSWORD = "admin@example.com", "admin-password"
WATCH = """(text) => { window.__seen = 0; new MutationObserver((_, o) => {
    const list = document.querySelector('[aria-label="Message list"]');
    if (list && list.textContent.includes(text)) { window.__seen = Date.now(); o.disconnect(); }
}).observe(document.body, {subtree: true, childList: true, characterData: true}); }"""


def send(port: int, name: str) -> float:
    mail = EmailMessage()
    mail["From"], mail["To"] = f"{name} <{name.split()[1]}@example.net>", "support@example.com"
    mail["Subject"], mail["Message-ID"] = f"Order {name}", f"<{uuid.uuid4().hex}@example.net>"
    mail.set_content("Hello, where is my order?")
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
        smtp.send_message(mail)
        return time.time() * 1000  # after the 250


def on_screen(page: Page, port: int, name: str) -> float:
    page.evaluate(WATCH, name)
    accepted = send(port, name)
    page.wait_for_function("() => window.__seen > 0", timeout=10_000)
    return page.evaluate("window.__seen") - accepted


def measure(url: str, port: int, runs: int, pause: float) -> list[float]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_context(base_url=url).new_page()
        page.goto("/login")
        page.get_by_role("textbox", name="Email").fill(ADMIN)
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/inbox/mine")
        page.goto("/inbox/all")
        page.locator("#hydration-marker[data-hydrated=true]").wait_for(state="attached")
        for n in range(3):  # warm up
            on_screen(page, port, f"Warm {uuid.uuid4().hex[:8]}{n}")
        samples = []
        for _ in range(runs):
            page.wait_for_timeout(pause * 1000)
            samples.append(on_screen(page, port, f"Customer {uuid.uuid4().hex[:8]}"))
        browser.close()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between mails")
    args = parser.parse_args()
    data, port = tempfile.mkdtemp(prefix="email-on-screen-"), _free_port()
    env = {
        "INBOX_DATA_DIR": data,
        "INBOX_SMTP_PORT": str(port),
        "INBOX_SMTP_HOST": "127.0.0.1",
        "INBOX_MAIL_FROM": "Support <support@example.com>",
        "INBOX_ADMIN_EMAIL": ADMIN,
        "INBOX_ADMIN_PASSWORD": PASSWORD,
    }
    os.environ.update(env)
    os.environ.pop("INBOX_DEMO", None)
    os.environ.pop("INBOX_DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "inbox_app", "bootstrap"], cwd=ROOT, check=True)
    with production_server() as (url, _server):
        samples = measure(url, port, args.runs, args.pause)
    print(
        f"mail 250 -> card on the watching agent's screen: p50 {statistics.median(samples):.0f} ms, "
        f"p95 {pct(samples, 0.95):.0f} ms, max {max(samples):.0f} ms (n={len(samples)})"
    )


if __name__ == "__main__":
    main()
