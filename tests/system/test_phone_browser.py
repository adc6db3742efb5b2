"""The check-in page in a real browser at a phone's size, while the TUI is open in a real terminal.

Headless Chromium (Debian's package) through its chromedriver, 390x844 like a
phone: paired with the link `cadence serve --pair` printed, it checks in and
logs a reading; the TUI in tmux shows each change within a second. Screenshots
of Today and the results form go to the test's folder, and to the folder named
by CADENCE_SCREENSHOTS when it is set.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import PlanWriter, StoreOpener, begin_run, run_process
from plans import goal, plan, plan_table, task
from terminal import Terminal
from web import Served, serving

SHOTS = os.environ.get("CADENCE_SCREENSHOTS")
"""Read as the module loads: the tests' own environment leaves out every CADENCE_ variable."""
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PLAN = plan(
    plan_table("Phone plan", rest_days=["sun"]),
    task("comment", "Thoughtful comments", at="08:30", unit="comments", target=3, results=["replies", "connections"]),
    task("outreach", "Messages to <b>new</b> people", unit="messages", target=2, results=["connections"]),
    goal("followers", "Followers", metric="followers", target=1000, by="week 4", **{"from": 500}),
    goal("connections", "Connections", metric="connections", target=40, by="week 4"),
)

if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip("no Chromium here: apt-get install chromium chromium-driver", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--window-size=390,844",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'chromium'}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    # Headless windows are at least 500 wide: the page is laid out as a phone's 390x844 viewport instead.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
    )
    try:
        yield driver
    finally:
        driver.quit()


def screenshot(driver: WebDriver, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    assert driver.save_screenshot(str(path))
    folder = SHOTS
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)
    return path


def shows(driver: WebDriver, text: str, timeout: float = 10.0) -> None:
    """Wait for the page to show `text` (the script swaps the page's main part in after each tap)."""
    WebDriverWait(driver, timeout).until(lambda d: text in main_text(d))


def main_text(driver: WebDriver) -> str:
    """The page's main part as the person reads it, in one step (no element handle to go stale)."""
    found = driver.execute_script("const m = document.getElementById('main'); return m ? m.innerText : ''")
    return str(found)


def within_a_second(terminal: Terminal, text: str, what: str) -> float:
    """Seconds until the TUI shows `text`; fails after one second."""
    started = time.monotonic()
    terminal.wait(lambda: text in terminal.screen(), what, timeout=1.0)
    return time.monotonic() - started


def tui(terminal: Terminal, plan_file: Path, env: dict[str, str]) -> None:
    cadence = Path(sys.executable).parent / "cadence"
    settings = " ".join(f"{k}={shlex.quote(v)}" for k, v in {**env, "TERM": "xterm-256color"}.items())
    terminal.open(f"env {settings} {shlex.quote(str(cadence))} --plan {shlex.quote(str(plan_file))}", 100, 30)
    terminal.wait(lambda: "Thoughtful comments" in terminal.screen() and "q Quit" in terminal.screen(), "the TUI")


@pytest.fixture
def setting(
    write_plan: PlanWriter, open_store: StoreOpener, tmp_path: Path, isolated_env: dict[str, str]
) -> Iterator[tuple[Path, dict[str, str], Served]]:
    plan_file = write_plan(PLAN)
    store = open_store(tmp_path / "home")
    begin_run(store, plan_file)
    store.close()
    env = {**isolated_env, "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path / 'no-bus'}"}
    with serving(plan_file, env) as served:
        yield plan_file, env, served


def test_a_phone_checks_in_and_logs_a_reading_while_the_tui_watches(
    browser: WebDriver, terminal: Terminal, setting: tuple[Path, dict[str, str], Served], tmp_path: Path
) -> None:
    plan_file, env, served = setting
    tui(terminal, plan_file, env)
    assert served.link is not None
    browser.get(served.link)
    assert browser.execute_script("return window.innerWidth") == 390
    assert "Pair this device" in browser.title
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    shows(browser, "Paired as 'phone'")
    shows(browser, "0/3 comments")
    # One thumb: every button and link of Today is at least 44 CSS pixels each way.
    small = browser.execute_script(
        "return [...document.querySelectorAll('main button, main a, nav a')]"
        ".map(e => e.getBoundingClientRect()).filter(r => r.width < 44 || r.height < 44).length"
    )
    assert small == 0
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390  # nothing scrolls sideways
    assert "Messages to <b>new</b> people" in main_text(browser)  # a title shows as written
    screenshot(browser, tmp_path, "today")
    browser.execute_script("document.querySelector('form.skip-day').scrollIntoView()")  # the whole day's skip
    assert "Skip all of Wed 02 Dec" in main_text(browser)
    screenshot(browser, tmp_path, "today-skip-day")
    browser.execute_script("window.scrollTo(0, 0)")

    browser.execute_script("window.notReloaded = true")
    browser.find_element(By.CSS_SELECTOR, "#item-comment-2026-12-02 button.done").click()
    shows(browser, "Checked in comment: 3/3 comments on Wed 2026-12-02, done.")
    assert browser.execute_script("return window.notReloaded") is True  # the script swapped the page in
    seen = within_a_second(terminal, "today 1/2 done", "the TUI to show the phone's check-in")
    assert "3     ✓ done" in terminal.screen()
    browser.find_element(By.CSS_SELECTOR, "#item-outreach-2026-12-02 form:nth-of-type(2) button").click()
    shows(browser, "outreach: 1/2 messages on Wed 2026-12-02.")
    within_a_second(terminal, "1     ◐ partial", "the TUI to show the phone's +1")
    screenshot(browser, tmp_path, "today-checked")

    terminal.tmux("send-keys", "-t", "app", "v")  # the Review, with the goals
    terminal.wait(lambda: "Followers" in terminal.screen(), "the TUI's Review")
    browser.find_element(By.LINK_TEXT, "Results").click()
    shows(browser, "Log results")
    browser.find_element(By.ID, "m-followers").send_keys("612")
    browser.find_element(By.ID, "m-connections").send_keys("4")
    screenshot(browser, tmp_path, "results")
    browser.find_element(By.CSS_SELECTOR, "form[action='/log'] button[type=submit]").click()
    shows(browser, "Logged connections 4, followers at 612 on Wed 2026-12-02.")
    within_a_second(terminal, "612", "the TUI's Review to show the phone's reading")
    browser.find_element(By.LINK_TEXT, "Goals").click()
    shows(browser, "612 of 1000 followers")
    screenshot(browser, tmp_path, "goals")

    log = run_process("export", "--format", "csv", "--plan", str(plan_file))
    sources = [line.split(",")[-1] for line in log.out.splitlines()[1:] if ",web" in line or line.endswith("web")]
    assert len(sources) == 4, log.out
    assert seen <= 1.0
    for name in ("today", "results", "goals"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000


def test_without_javascript_the_plain_forms_do_the_same(
    browser: WebDriver, setting: tuple[Path, dict[str, str], Served], tmp_path: Path
) -> None:
    plan_file, _, served = setting
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    assert served.link is not None
    browser.get(served.link)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    shows(browser, "Paired as 'phone'")
    browser.find_element(By.CSS_SELECTOR, "#item-comment-2026-12-02 a.what").click()
    shows(browser, "Amount (comments; empty: the rest of 3)")
    browser.find_element(By.ID, "amount").send_keys("2")
    browser.find_element(By.ID, "note").send_keys("two long ones")
    browser.find_element(By.CSS_SELECTOR, "form[action='/check'] button[type=submit]").click()
    shows(browser, "Checked in comment: 2/3 comments on Wed 2026-12-02, partial.")
    shows(browser, "“two long ones”")
    today = run_process("today", "--json", "--plan", str(plan_file))
    assert '"notes": [\n        "two long ones"\n      ]' in today.out
