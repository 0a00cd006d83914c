"""A spreadsheet imported through the pages in a real browser: the file chosen and uploaded (with
its progress bar), a wrong row shown by row and column with nothing written, the corrected file
previewed row by row, confirmed, and its problem found on the ledger."""

from __future__ import annotations

from pathlib import Path

from browser_kit import By, api, sign_in
from test_flow import body_text, look, press


def wait_for_text(driver, *texts: str, timeout: int = 30) -> str:
    """The upload is sent by our script, which writes the answer into the page: wait for its words."""
    from selenium.webdriver.support.ui import WebDriverWait

    # Read through script: the body element is replaced while the answer is written in.
    def shown(d):
        text = d.execute_script("return document.body ? document.body.innerText : '';") or ""
        return any(t in text for t in texts) and d.execute_script("return document.readyState") == "complete"

    WebDriverWait(driver, timeout).until(shown)
    return body_text(driver)


def upload(driver, site, path: Path, mode: str = "stop") -> None:
    driver.get(site.base + "/imports")
    form = driver.find_element(By.CSS_SELECTOR, "form.upload")
    form.find_element(By.NAME, "file").send_keys(str(path))
    # The chosen file's size is shown before anything is sent.
    assert path.name in form.find_element(By.CSS_SELECTOR, ".file-size").text
    form.find_element(By.CSS_SELECTOR, f"select[name=mode] option[value={mode}]").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def test_an_office_imports_a_list_it_keeps_in_excel(site, browser, tmp_path):
    office = api(site, "office")
    me = api(site, "liaison").json("/api/v1/me")
    county = office.json(f"/api/v1/units/{me['grants'][0]['unitId']}")
    parent = office.json(f"/api/v1/units/{county['parentId']}")
    unit_name = parent["name"] + county["name"]

    title = f"网页导入的问题（{site.kind}）"
    wrong = tmp_path / "清单-有错.csv"
    wrong.write_text(
        "问题来源,问题描述,责任单位,整改时限\n"
        f"巡视,{title},{unit_name},2030-12-31\n"
        f"巡视,另一个问题,不存在的局,下个月\n",
        encoding="utf-8-sig",
    )
    driver = browser()
    sign_in(driver, site.base, "office")
    driver.get(site.base + "/ledger")
    press(driver, driver.find_element(By.LINK_TEXT, "导入表格"))
    upload(driver, site, wrong)
    text = wait_for_text(driver, "需要改正的地方")
    assert "不存在的局" in text and "下个月" in text
    rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "table.issues tbody tr")]
    assert any(r.startswith("3 C 责任单位") for r in [" ".join(x.split()) for x in rows]), rows
    assert not driver.find_elements(By.XPATH, "//button[normalize-space()='确认导入']")
    look(driver, f"import-errors-{site.kind}")
    before = office.json("/api/v1/problems", params={"q": title})["items"]
    assert before == []

    right = tmp_path / "清单.csv"
    right.write_text(
        "问题来源,问题描述,责任单位,整改时限\n" f"巡视,{title},{unit_name},2030-12-31\n", encoding="utf-8-sig"
    )
    upload(driver, site, right)
    text = wait_for_text(driver, "导入预览")
    assert title in text
    look(driver, f"import-preview-{site.kind}")
    press(driver, driver.find_element(By.XPATH, "//button[normalize-space()='确认导入']"))
    assert "已导入：新增 1 个问题" in body_text(driver)
    look(driver, f"import-result-{site.kind}")
    found = office.json("/api/v1/problems", params={"q": title})["items"]
    assert [p["title"] for p in found] == [title]
    assert found[0]["leadUnitId"] == county["id"] and found[0]["state"] == "draft"
