"""Helpers for the browser suites: headless Chromium through Selenium, sign-in, screenshots, axe.

The server side (binary, demo data, `taizhang serve`, the CLI) comes from tests/e2e/taizhang_e2e.py,
imported rather than copied so both suites start the server the same way.

Output goes to test-output/ at the repository root (git-ignored), so a person or a later session
can look at what the pages showed:
  test-output/screenshots/NAME-desktop.png, NAME-phone.png   full-page PNGs (1280 and 390 wide)
  test-output/axe/NAME.json                                  the full axe-core results
  test-output/server-KIND.log                                the server's log for the run
"""

from __future__ import annotations

import base64
import importlib.util
import json
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
from taizhang_e2e import REPO, Client, create_token, run_cli  # noqa: E402  (needs the path above)

# Tests take Selenium's names from here, so that without selenium the suite still collects and
# then skips with the reason (the autouse fixture in conftest.py) instead of erroring on import.
try:
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    By = WebDriverWait = None
    StaleElementReferenceException = WebDriverException = Exception

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PASSWORD = "taizhang-demo"  # every demo user's password (DemoData.password)
DESKTOP = (1280, 900)
PHONE = (390, 844)  # an iPhone 12–15 sized viewport
OUT = REPO / "test-output"
SCREENSHOTS = OUT / "screenshots"
AXE_OUT = OUT / "axe"
# axe impacts that fail a test; "minor" and "moderate" are only written to the JSON.
FAILING_IMPACTS = ("serious", "critical")


def missing_tools() -> str | None:
    """Why the browser suite cannot run here, or None when it can."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if By is None:  # selenium did not import (see above)
        missing.append("python module selenium")
    if importlib.util.find_spec("axe_selenium_python") is None:
        missing.append("python module axe_selenium_python")
    if missing:
        return (
            "browser tools missing: " + ", ".join(missing)
            + " (apt-get install chromium chromium-driver fonts-noto-cjk; pip install selenium axe-selenium-python)"
        )
    return None


def new_driver(width: int = DESKTOP[0], height: int = DESKTOP[1]):
    """A headless Chromium with its own fresh profile (so cookies are not shared between drivers)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",  # Chromium refuses to start as root with its sandbox on
        "--disable-dev-shm-usage",  # /dev/shm is small in containers; use /tmp
        f"--window-size={width},{height}",
        "--lang=zh-CN",
        "--no-first-run",
        "--disable-extensions",
    ):
        options.add_argument(arg)
    # Keep the console so csp_violations() can read it.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: Selenium Manager then never tries to download a driver (no internet here).
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(30)
    return driver


def is_gone(element) -> bool:
    """Whether an element belongs to a page the browser has left.

    Chromium answers either "stale element" or, while the new document is being attached,
    "Node with given id does not belong to the document": both mean the old page is gone.
    """
    try:
        element.is_enabled()
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as error:
        if "does not belong to the document" in str(error):
            return True
        raise


def sign_in(driver, base: str, login: str, password: str = PASSWORD, expect_ok: bool = True) -> None:
    """Sign in through the form on /sign-in, as a person would; waits for the next page to load.

    With expect_ok (the default) it fails when the browser is still on /sign-in afterwards.
    """
    driver.get(base + "/sign-in")
    driver.find_element(By.NAME, "login").send_keys(login)
    driver.find_element(By.NAME, "password").send_keys(password)
    # The header has a form of its own (the language switch): press the sign-in form's button.
    button = driver.find_element(By.CSS_SELECTOR, "form:has(input[name=login]) button[type=submit]")
    button.click()
    # The old page's button goes stale once the response (redirect or re-rendered form) has loaded.
    WebDriverWait(driver, 15).until(lambda _: is_gone(button))
    if expect_ok and urlsplit(driver.current_url).path.rstrip("/") == "/sign-in":
        text = driver.find_element(By.TAG_NAME, "body").text
        raise AssertionError(f"sign-in as {login!r} stayed on /sign-in; the page says: {text[:500]!r}")


def _wait_for_fonts(driver) -> None:
    # Web fonts (or the system CJK font) may still be loading right after a navigation.
    driver.execute_async_script("const done = arguments[arguments.length - 1]; document.fonts.ready.then(() => done(true));")


def shot(driver, name: str, width: int = DESKTOP[0], height: int = DESKTOP[1], mobile: bool = False) -> Path:
    """A full-page PNG of the current page laid out WIDTH pixels wide, in test-output/screenshots/NAME.png.

    Chromium's WebDriver only shoots the viewport, so this uses the DevTools protocol: emulate the
    width (mobile=True also honours <meta name=viewport>), measure the page, capture beyond the viewport.
    """
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        _wait_for_fonts(driver)
        full = driver.execute_script(
            "return Math.max(document.documentElement.scrollHeight, document.body ? document.body.scrollHeight : 0)"
        )
        full = min(max(int(full), height), 20000)  # a runaway page should not make a 1 GB PNG
        png = driver.execute_cdp_cmd(
            "Page.captureScreenshot",
            {
                "format": "png",
                "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": width, "height": full, "scale": 1},
            },
        )["data"]
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    path = SCREENSHOTS / f"{name}.png"
    path.write_bytes(base64.b64decode(png))
    return path


def shots(driver, name: str) -> list[Path]:
    """NAME-desktop.png (1280 wide) and NAME-phone.png (390 wide) of the current page."""
    return [
        shot(driver, f"{name}-desktop", *DESKTOP),
        shot(driver, f"{name}-phone", *PHONE, mobile=True),
    ]


def axe_script() -> Path:
    """The newest axe-core at hand: TAIZHANG_AXE_JS, else axe-core-python's (axe 4.x), else the one
    axe-selenium-python bundles (axe 3.1.1, from 2018: fewer rules, more false alarms on modern HTML)."""
    if os.environ.get("TAIZHANG_AXE_JS"):
        return Path(os.environ["TAIZHANG_AXE_JS"])
    for module, rel in (("axe_core_python", "axe.min.js"), ("axe_selenium_python", "node_modules/axe-core/axe.min.js")):
        spec = importlib.util.find_spec(module)  # finds the package without importing it
        if spec and spec.origin and (Path(spec.origin).parent / rel).exists():
            return Path(spec.origin).parent / rel
    raise RuntimeError("no axe.min.js found: pip install axe-selenium-python (or axe-core-python)")


def axe_check(driver, page_name: str, context=None, options: dict | None = None) -> dict:
    """Runs axe-core on the current page; fails listing every serious or critical violation.

    Writes the full results to test-output/axe/PAGE_NAME.json. Injection goes through WebDriver
    (execute_script), which the page's Content-Security-Policy does not block — checked against
    `script-src 'self'` and `default-src 'none'` — so the CSP is left on, and the page is tested
    as it really is (no Page.setBypassCSP, which would also let the page's own inline scripts run).
    """
    from axe_selenium_python import Axe

    axe = Axe(driver, script_url=str(axe_script()))
    axe.inject()
    results = axe.run(context, json.dumps(options) if options is not None else None)
    version = driver.execute_script("return window.axe && axe.version")
    AXE_OUT.mkdir(parents=True, exist_ok=True)
    record = {"page": page_name, "url": driver.current_url, "axe_version": version, **results}
    (AXE_OUT / f"{page_name}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")

    bad = [v for v in results["violations"] if v.get("impact") in FAILING_IMPACTS]
    if bad:
        lines = [f"axe {version}: {len(bad)} serious/critical violation(s) on {page_name} ({driver.current_url}):"]
        for v in bad:
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
            more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
            lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} — {targets}{more}")
        lines.append(f"  full results: {AXE_OUT / (page_name + '.json')}")
        raise AssertionError("\n".join(lines))
    return results


def csp_violations(driver) -> list[str]:
    """Console messages about Content-Security-Policy refusals since the last call (reading clears them).

    An inline <script> or style="" that the CSP refuses fails silently in the page; this makes it visible.
    """
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def add_user(site, login: str, role: str, unit_id: int, name: str | None = None, password: str = PASSWORD) -> None:
    """Adds a user with a password and grants ROLE on UNIT_ID (and its subtree), through the CLI.

    Roles (Sources/TaizhangDomain/Role.swift): office, liaison, unit_leader, supervision, leader, admin.
    The running server sees the new user at once (users and grants are read from the database).
    """
    run_cli("user", "add", login, "--name", name or login, "--password", password, data=site.data, database=site.database)
    run_cli("grant", login, role, str(unit_id), data=site.data, database=site.database)


def api(site, login: str = "office") -> Client:
    """An API client with a fresh token for LOGIN, to look things up (unit ids…) or set up data."""
    return Client(site.base, create_token(site.data, login, database=site.database))


def reset_output() -> None:
    """Empties the screenshot and axe folders so they hold this run's output only."""
    for d in (SCREENSHOTS, AXE_OUT):
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True, exist_ok=True)
