"""Browser timings on the production build against a big database (Playwright, Chromium).

    INBOX_DATA_DIR=/tmp/bench .venv/bin/python -m bench.browser --runs 50

Starts its own production server on a free port with that data folder (seed it first, see
bench/server_side.py), signs in as the demo admin and measures, from the Python side:
- click on a card until that conversation's thread is on screen;
- typing a search word until the marked results are on screen (includes the 250 ms debounce).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from playwright.sync_api import Page, expect, sync_playwright

from tests.e2e.conftest import CHROMIUM_ARGS, ROOT, _free_port, _wait_for

WORDS = ["paypal", "invoice", "tracking", "austria", "discount", "exports", "address", "account"]


def summary(name: str, samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    return f"{name:44} p50 {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms   (n={len(samples)})"


def click_to_thread(page: Page, runs: int) -> list[float]:
    page.goto("/inbox/all")
    cards = page.get_by_role("region", name="Message list").locator('li a[href^="/inbox/all/"]')
    expect(cards.first).to_be_visible()
    samples = []
    for n in range(runs):
        card = cards.nth(n % 40)
        conversation_id = (card.get_attribute("href") or "").rstrip("/").split("/")[-1]
        started = time.perf_counter()
        card.click()
        opened = page.locator(f'section[data-conversation="{conversation_id}"]')
        expect(
            opened.get_by_role("log", name="Messages").get_by_role("article").first
        ).to_be_visible()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def type_to_results(page: Page, runs: int) -> list[float]:
    page.goto("/inbox/all")
    expect(
        page.get_by_role("region", name="Message list").get_by_role("listitem").first
    ).to_be_visible()
    box = page.get_by_role("searchbox", name="Search conversations")
    marks = page.get_by_role("region", name="Message list").locator("li mark")
    samples = []
    for n in range(runs):
        box.fill("")
        expect(marks).to_have_count(0)
        page.wait_for_timeout(400)  # let the cleared list arrive, as a person would pause
        word = WORDS[n % len(WORDS)]
        started = time.perf_counter()
        box.type(word, delay=0)
        expect(marks.first).to_have_text(word, ignore_case=True, timeout=10_000)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    import subprocess
    import sys

    port = str(_free_port())
    env = {
        **os.environ,
        "INBOX_PORT": port,
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "PATH": f"{ROOT / '.tools' / 'node_modules' / '.bin'}:{os.environ['PATH']}",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "reflex", "run", "--env", "prod", "--frontend-port", port],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_for(f"http://localhost:{port}/login", server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            page = browser.new_context(base_url=f"http://localhost:{port}").new_page()
            page.set_default_timeout(15_000)
            page.goto("/login")
            page.get_by_role("textbox", name="Email").fill("admin@example.com")
            page.get_by_role("textbox", name="Password").fill("admin-password")
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url("**/inbox/mine")
            click_to_thread(page, 3)  # warm up
            print(summary("click on a card -> thread on screen", click_to_thread(page, args.runs)))
            print(
                summary("type a search word -> results on screen", type_to_results(page, args.runs))
            )
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
