"""Smoke test: the sign-in page renders in a real browser, in Chinese, accessibly, under its CSP."""

from __future__ import annotations

import requests

from browser_kit import By, axe_check, csp_violations, shots  # By from browser_kit: see its comment
from taizhang_e2e import describe


def test_sign_in_page(site, browser):
    # Plain HTTP first: a missing page then fails as "GET /sign-in -> HTTP 404 …" rather than as
    # a Selenium "no such element" on the server's error page.
    r = requests.get(site.base + "/sign-in", timeout=30)
    assert r.status_code == 200, describe(r)
    assert r.headers.get("content-type", "").startswith("text/html"), describe(r)

    driver = browser()
    driver.get(site.base + "/sign-in")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-CN"
    assert driver.title.strip(), "the page has no <title>"
    # The header also has a form (the language switch): take the one with the login field.
    form = driver.find_element(By.CSS_SELECTOR, "form:has(input[name=login])")
    assert form.find_element(By.NAME, "login").is_displayed()
    password = form.find_element(By.NAME, "password")
    assert password.get_attribute("type") == "password"
    assert form.find_element(By.CSS_SELECTOR, "button[type=submit]").is_displayed()

    # Inline script or style="" that the CSP refuses would silently not work.
    assert csp_violations(driver) == []

    shots(driver, f"sign-in-{site.kind}")  # before axe, so a failing page is still on file to look at
    axe_check(driver, f"sign-in-{site.kind}")
