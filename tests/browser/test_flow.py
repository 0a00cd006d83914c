"""The whole life of a problem in real browsers, as the people in PRODUCT.md do it.

A liaison claims a problem from My work, adds two measures, a note and a PDF, marks the measures
done; the unit leader requests closure; the office returns it with a reason, and after a fix
verifies and closes it; the dashboard counts move. Around it: scope (a sibling county gets 404),
a stale edit, XSS payloads shown as text, a form without its token refused, a report turned into
drafts. Every page visited passes axe and is screenshotted in Chinese, English and at phone width.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests

from browser_kit import By, add_user, api, axe_check, csp_violations, shots, sign_in

FIXTURES = Path(__file__).parent / "fixtures"
XSS = '<img src=x onerror="window.__xss=1">"\'><script>window.__xss=2</script>'


# ----------------------------------------------------------------------------------------------
# Small helpers: press a button and wait for the next page; look at a page as a person would.

def press(driver, element) -> None:
    """Clicks a submit button (or link) and waits until the next page has loaded.

    A marker set on the old page's window disappears when the browser loads another page; polling
    for that (errors while the page changes are ignored) is steadier than watching a DOM node.
    """
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.__taizhang_old_page = true;")
    element.click()

    def loaded(d):
        try:
            return d.execute_script(
                "return window.__taizhang_old_page === undefined && document.readyState === 'complete';")
        except WebDriverException:
            return False

    WebDriverWait(driver, 20).until(loaded)


def form_with(driver, css: str):
    return driver.find_element(By.CSS_SELECTOR, css)


def button_in(form, text: str):
    for b in form.find_elements(By.CSS_SELECTOR, "button[type=submit]"):
        if b.text.strip() == text:
            return b
    raise AssertionError(f"no button {text!r} in the form; buttons: {[b.text for b in form.find_elements(By.TAG_NAME, 'button')]}")


def action(driver, text: str, reason: str | None = None) -> None:
    """Takes one of the problem page's actions (认领, 申请销号, 退回 …), with a reason if given."""
    panel = driver.find_element(By.CSS_SELECTOR, ".actions-panel")
    for form in panel.find_elements(By.CSS_SELECTOR, "form"):
        buttons = [b for b in form.find_elements(By.CSS_SELECTOR, "button[type=submit]") if b.text.strip() == text]
        if buttons:
            if reason is not None:
                form.find_element(By.NAME, "reason").send_keys(reason)
            press(driver, buttons[0])
            return
    raise AssertionError(f"no action {text!r} offered; the panel says: {panel.text!r}")


def offered_actions(driver) -> list[str]:
    panels = driver.find_elements(By.CSS_SELECTOR, ".actions-panel button[type=submit]")
    return [b.text.strip() for b in panels]


def body_text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def look(driver, name: str) -> None:
    """Every page a test visits: no CSP refusals, axe clean, screenshots on file."""
    assert csp_violations(driver) == [], f"{name}: the CSP refused something on {driver.current_url}"
    shots(driver, name)
    axe_check(driver, name)


def state_of(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, ".page-head .state").text.strip()


def no_xss(driver) -> None:
    assert driver.execute_script("return window.__xss === undefined"), "an XSS payload ran"


def pdf_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return path


# ----------------------------------------------------------------------------------------------
# The data: the first county (the demo liaison's and unit leader's), and a sibling county.

@pytest.fixture(scope="module")
def county(site):
    office = api(site, "office")
    me = api(site, "liaison").json("/api/v1/me")
    county_id = me["grants"][0]["unitId"]
    unit = office.json(f"/api/v1/units/{county_id}")
    siblings = [u for u in office.json("/api/v1/units", params={"parent": unit["parentId"]})["items"] if u["id"] != county_id]
    assert siblings, "the demo data has no sibling county"
    sibling_id = siblings[0]["id"]
    add_user(site, "sibling", "liaison", sibling_id, name="邻县联络员")
    campaign = office.json("/api/v1/campaigns")["items"][0]["id"]
    return {"id": county_id, "sibling": sibling_id, "campaign": campaign}


def new_problem(site, county, title: str) -> dict:
    office = api(site, "office")
    r = office.post(
        "/api/v1/problems",
        json={
            "campaignId": county["campaign"], "title": title, "description": "群众反映，核实属实。",
            "sourceChannel": "petition", "leadUnitId": county["id"], "foundOn": "2019-07-01",
            "deadline": "2030-12-31", "rectificationType": "time_bound",
        },
    )
    assert r.status_code == 201, r.text
    return r.json()


def closed_count(driver, site, county) -> int:
    driver.get(site.base + f"/dashboard?unit={county['id']}")
    figures = driver.find_element(By.CSS_SELECTOR, ".figures").text
    match = re.search(r"已销号\s*(\d+)", figures)
    assert match, figures
    return int(match.group(1))


# ----------------------------------------------------------------------------------------------

def test_a_problem_from_claim_to_closure(site, county, browser, tmp_path):
    problem = new_problem(site, county, "村务公开栏长期不更新问题")
    url = site.base + f"/problems/{problem['id']}"

    office = browser()
    sign_in(office, site.base, "office")
    closed_before = closed_count(office, site, county)
    look(office, "dashboard-county")

    # The liaison sees it on My work and opens it from the count.
    liaison = browser()
    sign_in(liaison, site.base, "liaison")
    look(liaison, "my-work-liaison")
    claim = liaison.find_element(By.XPATH, "//a[.//span[contains(., '待认领的问题')]]")
    press(liaison, claim)
    assert "/ledger" in liaison.current_url and "state=draft" in liaison.current_url
    look(liaison, "ledger-to-claim")
    liaison.get(url)
    look(liaison, "problem-draft")
    assert "认领" in offered_actions(liaison)
    action(liaison, "认领")
    assert state_of(liaison) == "整改中"

    # Two measures, a note, a PDF.
    for text in ("全面更新村务公开栏内容", "建立每月更新台账制度"):
        form = form_with(liaison, f"form[action$='/problems/{problem['id']}/measures']")
        form.find_element(By.NAME, "text").send_keys(text)
        form.find_element(By.NAME, "owner").send_keys("张三")
        press(liaison, button_in(form, "添加措施"))
        assert text in body_text(liaison)
    form = form_with(liaison, f"form[action$='/problems/{problem['id']}/notes']")
    form.find_element(By.NAME, "text").send_keys("已对全县村务公开栏逐一排查。")
    press(liaison, button_in(form, "提交进展"))
    assert "已对全县村务公开栏逐一排查。" in body_text(liaison)
    form = form_with(liaison, f"form[action$='/problems/{problem['id']}/evidence']")
    form.find_element(By.NAME, "file").send_keys(str(pdf_file(tmp_path, "整改报告.pdf")))
    assert "整改报告.pdf" in form.find_element(By.CSS_SELECTOR, ".file-size").text  # app.js shows name and size
    press(liaison, button_in(form, "上传"))
    assert "整改报告.pdf" in liaison.find_element(By.ID, "evidence").text
    for _ in range(2):
        form = liaison.find_element(By.XPATH, "//form[.//button[normalize-space()='标记完成']]")
        press(liaison, button_in(form, "标记完成"))
    assert "2/2" in liaison.find_element(By.ID, "h-measures").text
    look(liaison, "problem-open-with-measures")
    assert "申请销号" not in offered_actions(liaison), "a liaison may not request closure"

    # The unit leader requests closure.
    leader = browser()
    sign_in(leader, site.base, "unitleader")
    leader.get(url)
    action(leader, "申请销号")
    assert state_of(leader) == "申请销号"

    # The office returns it with a reason.
    office.get(url)
    look(office, "problem-submitted-office")
    action(office, "退回", reason="佐证材料不完整，请补充照片。")
    assert state_of(office) == "整改中"
    assert "佐证材料不完整，请补充照片。" in body_text(office)

    # After a fix, closure again, and the office verifies.
    leader.get(url)
    form = form_with(leader, f"form[action$='/problems/{problem['id']}/notes']")
    form.find_element(By.NAME, "text").send_keys("已补充更新后的公开栏照片。")
    press(leader, button_in(form, "提交进展"))
    action(leader, "申请销号")
    office.get(url)
    action(office, "审核销号")
    assert state_of(office) == "已销号"
    look(office, "problem-closed")

    assert closed_count(office, site, county) == closed_before + 1


def test_a_return_needs_a_reason_and_keeps_what_was_typed(site, county, browser):
    problem = new_problem(site, county, "一事一议项目资金拨付滞后")
    client = api(site, "liaison")
    r = client.post(f"/api/v1/problems/{problem['id']}/claim", json={"version": problem["version"]})
    assert r.status_code == 200, r.text
    driver = browser()
    sign_in(driver, site.base, "liaison")
    driver.get(site.base + f"/problems/{problem['id']}")
    form = form_with(driver, f"form[action$='/problems/{problem['id']}/measures']")
    form.find_element(By.NAME, "text").send_keys("   ")  # passes the browser's `required`, not the server's
    form.find_element(By.NAME, "owner").send_keys("李四")
    press(driver, button_in(form, "添加措施"))  # blank text: refused beside the field, owner kept
    form = form_with(driver, f"form[action$='/problems/{problem['id']}/measures']")
    assert form.find_element(By.NAME, "owner").get_attribute("value") == "李四"
    assert form.find_elements(By.CSS_SELECTOR, ".field.has-error .error"), body_text(driver)
    look(driver, "problem-form-error")


def test_a_sibling_county_gets_404(site, county, browser):
    problem = new_problem(site, county, "邻县不应看到的问题")
    driver = browser()
    sign_in(driver, site.base, "sibling")
    r = driver.get(site.base + f"/problems/{problem['id']}")
    assert "找不到这个页面" in body_text(driver)
    assert problem["title"] not in body_text(driver)
    # The same through plain HTTP with the sibling's session cookie: a real 404 status.
    cookies = {c["name"]: c["value"] for c in driver.get_cookies()}
    r = requests.get(site.base + f"/problems/{problem['id']}", cookies=cookies, allow_redirects=False, timeout=30)
    assert r.status_code == 404
    look(driver, "not-found")


def test_two_browsers_edit_the_same_problem_and_the_second_is_told(site, county, browser):
    problem = new_problem(site, county, "农村饮水工程管护不到位")
    first, second = browser(), browser()
    for d in (first, second):
        sign_in(d, site.base, "office")
        d.get(site.base + f"/problems/{problem['id']}/edit")
    f1 = form_with(first, "form.form-grid")
    f1.find_element(By.NAME, "responsiblePerson").send_keys("王五")
    press(first, button_in(f1, "保存"))
    assert "已保存修改" in body_text(first)

    f2 = form_with(second, "form.form-grid")
    f2.find_element(By.NAME, "category").send_keys("民生保障")
    press(second, button_in(f2, "保存"))
    text = body_text(second)
    assert "他人已修改" in text
    assert "王五" in text  # what the other person changed is shown
    form = form_with(second, "form.form-grid")
    assert form.find_element(By.NAME, "category").get_attribute("value") == "民生保障"  # what they typed is kept
    look(second, "edit-stale")
    press(second, button_in(form, "保存"))  # saving again now works, and keeps both changes
    detail = api(site, "office").json(f"/api/v1/problems/{problem['id']}")
    assert detail["responsiblePerson"] == "王五" and detail["category"] == "民生保障"


def test_xss_payloads_are_shown_as_text(site, county, browser, tmp_path):
    driver = browser()
    sign_in(driver, site.base, "office")
    driver.get(site.base + "/problems/new")
    look(driver, "new-problem")
    form = form_with(driver, "form.form-grid")
    from selenium.webdriver.support.ui import Select

    Select(form.find_element(By.NAME, "leadUnitId")).select_by_value(str(county["id"]))
    Select(form.find_element(By.NAME, "sourceChannel")).select_by_value("petition")
    Select(form.find_element(By.NAME, "rectificationType")).select_by_value("immediate")  # 立行立改: no deadline needed
    form.find_element(By.NAME, "title").send_keys("标题" + XSS)
    press(driver, button_in(form, "录入台账"))
    no_xss(driver)
    assert XSS in driver.find_element(By.TAG_NAME, "h1").text
    problem_url = driver.current_url.split("?")[0]

    # A note and a file name.
    liaison = browser()
    sign_in(liaison, site.base, "liaison")
    liaison.get(problem_url)
    action(liaison, "认领")
    form = form_with(liaison, "form[action$='/notes']")
    form.find_element(By.NAME, "text").send_keys("进展" + XSS)
    press(liaison, button_in(form, "提交进展"))
    no_xss(liaison)
    assert "进展" + XSS in liaison.find_element(By.ID, "notes").text
    evil_name = "证明<img src=x onerror=window.__xss=3>.pdf"
    path = tmp_path / "evil"
    path.mkdir()
    form = form_with(liaison, "form[action$='/evidence']")
    form.find_element(By.NAME, "file").send_keys(str(pdf_file(path, evil_name)))
    press(liaison, button_in(form, "上传"))
    no_xss(liaison)
    assert evil_name in liaison.find_element(By.ID, "evidence").text

    # The search box (its value comes back in the page).
    driver.get(site.base + "/ledger")
    box = driver.find_element(By.NAME, "q")
    box.send_keys(XSS)
    press(driver, button_in(form_with(driver, "form.filters"), "查询"))
    no_xss(driver)
    assert driver.find_element(By.NAME, "q").get_attribute("value") == XSS


def test_a_form_without_its_token_is_refused(site, county, browser):
    problem = new_problem(site, county, "未带令牌的表单")
    driver = browser()
    sign_in(driver, site.base, "office")
    cookies = {c["name"]: c["value"] for c in driver.get_cookies()}
    url = site.base + f"/problems/{problem['id']}/notes"
    r = requests.post(url, data={"text": "伪造的进展"}, cookies=cookies, allow_redirects=False, timeout=30)
    assert r.status_code == 403, r.text[:300]
    r = requests.post(url, data={"text": "伪造的进展", "_csrf": "0" * 40}, cookies=cookies, allow_redirects=False, timeout=30)
    assert r.status_code == 403
    notes = api(site, "office").json(f"/api/v1/problems/{problem['id']}")["notes"]
    assert all("伪造" not in n["text"] for n in notes)


def test_a_report_becomes_two_drafts(site, county, browser):
    driver = browser()
    sign_in(driver, site.base, "office")
    driver.get(site.base + "/reports")
    look(driver, "reports")
    form = form_with(driver, "form.upload")
    form.find_element(By.NAME, "title").send_keys("整改简报第5期")
    form.find_element(By.NAME, "text").send_keys((FIXTURES / "report.txt").read_text(encoding="utf-8"))
    press(driver, button_in(form, "读取"))
    assert "/reports/" in driver.current_url, body_text(driver)[:500]
    look(driver, "report")
    picks = driver.find_elements(By.NAME, "pick")
    assert len(picks) >= 2, body_text(driver)[:1000]
    picks[0].click()
    picks[1].click()
    press(driver, button_in(form_with(driver, "#draft-form"), "生成问题草稿"))
    drafted = driver.find_element(By.ID, "drafted").find_elements(By.CSS_SELECTOR, "li a")
    assert len(drafted) == 2, body_text(driver)[:800]
    report_url = driver.current_url.split("?")[0].split("#")[0]
    # Each draft is on the ledger, waiting to be claimed.
    press(driver, drafted[0])
    assert state_of(driver) == "待认领"

    # Read again, each found problem now has its draft beside it as a likely duplicate: instead of
    # a second draft, the office notes it on the existing problem.
    driver.get(report_url)
    merge = driver.find_elements(By.NAME, "merge")
    assert merge, "the drafts should be suggested as duplicates of what they were made from"
    target = merge[0].get_attribute("value").split(":")[2]
    merge[0].click()
    press(driver, button_in(form_with(driver, "#draft-form"), "生成问题草稿"))
    assert len(driver.find_element(By.ID, "drafted").find_elements(By.CSS_SELECTOR, "li a")) == 2, "no new draft"
    notes = api(site, "office").json(f"/api/v1/problems/{target}")["notes"]
    assert any("反映" in n["text"] for n in notes), notes


@pytest.mark.parametrize("login", ["office", "liaison", "admin"])
def test_every_page_in_english_and_chinese(site, county, browser, login):
    driver = browser()
    sign_in(driver, site.base, login)
    pages = ["/", "/ledger", "/ledger?overdue=true", "/ledger?q=%E4%BD%8F%E6%88%BF", "/dashboard", "/units",
             f"/units/{county['id']}", "/campaigns", f"/campaigns/{county['campaign']}", "/reports", "/deadline-changes"]
    if login == "admin":
        pages.append("/admin")
    # The monthly rounds: the list, the newest round this person takes part in, and one return.
    rounds = api(site, login).json("/api/v1/rounds")["items"]
    assert rounds, f"{login} takes part in no monthly round in the demo data"
    round_id = rounds[0]["round"]["id"]
    first_return = api(site, login).json(f"/api/v1/rounds/{round_id}")["returns"][0]["id"]
    pages += ["/rounds", f"/rounds/{round_id}", f"/rounds/{round_id}/returns/{first_return}"]
    for lang in ("zh", "en"):
        if lang == "en":
            press(driver, driver.find_element(By.CSS_SELECTOR, "button[name=lang][value=en]"))
            assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        for path in pages:
            driver.get(site.base + path)
            assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == ("en" if lang == "en" else "zh-CN")
            name = f"{login}-{lang}-" + (path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home")
            look(driver, name)
    # The choice is remembered: a new sign-in on this browser is still in English.
    driver.get(site.base + "/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"


def test_a_deadline_change_is_asked_for_and_decided_from_my_work(site, county, browser):
    problem = new_problem(site, county, "农贸市场环境卫生整治不彻底")
    r = api(site, "liaison").post(f"/api/v1/problems/{problem['id']}/claim", json={"version": problem["version"]})
    assert r.status_code == 200, r.text
    liaison = browser()
    sign_in(liaison, site.base, "liaison")
    liaison.get(site.base + f"/problems/{problem['id']}")
    liaison.find_element(By.XPATH, "//summary[contains(., '申请调整整改时限')]").click()
    form = form_with(liaison, f"form[action$='/problems/{problem['id']}/deadline-changes']")
    liaison.execute_script("arguments[0].value = '2031-06-30'", form.find_element(By.NAME, "deadline"))
    form.find_element(By.NAME, "reason").send_keys("需协调市级资金，申请延期。")
    press(liaison, button_in(form, "提交申请"))
    assert "已提交延期申请" in body_text(liaison)

    office = browser()
    sign_in(office, site.base, "office")
    link = office.find_element(By.XPATH, "//a[.//span[contains(., '待审批的时限调整')]]")
    assert int(link.find_element(By.CSS_SELECTOR, ".n").text) >= 1
    press(office, link)
    look(office, "deadline-changes")
    row = office.find_element(By.XPATH, f"//tr[.//a[contains(., '{problem['title']}')]]")
    assert "需协调市级资金" in row.text
    press(office, button_in(row.find_element(By.XPATH, ".//form[.//button[normalize-space()='批准']]"), "批准"))
    assert "/deadline-changes" in office.current_url  # back on the list, the decided one gone
    assert problem["title"] not in body_text(office)
    assert api(site, "office").json(f"/api/v1/problems/{problem['id']}")["deadline"] == "2031-06-30"


def test_a_measure_is_edited_in_place(site, county, browser):
    problem = new_problem(site, county, "便民服务中心窗口设置不合理")
    client = api(site, "liaison")
    assert client.post(f"/api/v1/problems/{problem['id']}/claim", json={"version": problem["version"]}).status_code == 200
    assert client.post(f"/api/v1/problems/{problem['id']}/measures", json={"text": "调整窗口设置", "owner": "赵六"}).status_code == 201
    driver = browser()
    sign_in(driver, site.base, "liaison")
    driver.get(site.base + f"/problems/{problem['id']}")
    driver.find_element(By.XPATH, "//summary[contains(., '修改这条措施')]").click()
    form = driver.find_element(By.XPATH, "//form[.//button[normalize-space()='保存措施']]")
    owner = form.find_element(By.NAME, "owner")
    owner.clear()
    owner.send_keys("钱七")
    press(driver, button_in(form, "保存措施"))
    assert "责任人：钱七" in driver.find_element(By.ID, "measures").text
    history = driver.find_element(By.ID, "history").text
    assert "赵六" in history and "钱七" in history  # the history says what changed, in words


def test_an_admin_gives_a_token_shown_once(site, county, browser):
    driver = browser()
    sign_in(driver, site.base, "admin")
    driver.get(site.base + "/admin")
    row = driver.find_element(By.XPATH, "//tr[.//span[normalize-space()='liaison']]")
    press(driver, button_in(row.find_element(By.XPATH, ".//form[.//button[normalize-space()='新建 API 令牌']]"), "新建 API 令牌"))
    token = driver.find_element(By.CSS_SELECTOR, "code.token").text.strip()
    assert token.startswith("tz_")
    assert token not in driver.current_url  # never in a URL the history keeps
    r = requests.get(site.base + "/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json()["id"] == api(site, "liaison").json("/api/v1/me")["id"], "the token is the liaison's"
    driver.get(site.base + "/admin")
    assert not driver.find_elements(By.CSS_SELECTOR, "code.token"), "shown once only"

    # The new token is listed by name (never by value) and revoked on its own: it stops at once.
    row = driver.find_element(By.XPATH, "//tr[.//span[normalize-space()='liaison']]")
    row.find_element(By.XPATH, ".//summary[contains(., '有效的登录与令牌')]").click()
    entry = row.find_element(By.XPATH, ".//li[contains(., '网页创建的令牌')]")
    assert token not in row.text
    press(driver, entry.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    r = requests.get(site.base + "/api/v1/me", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    assert r.status_code == 401, r.text


def my_work_link(driver, label: str):
    """The count on My work with this label, as a link: (element, number)."""
    link = driver.find_element(By.XPATH, f"//a[.//span[contains(., '{label}')]]")
    return link, int(link.find_element(By.CSS_SELECTOR, ".n").text)


def test_a_monthly_return_is_written_filed_sent_back_and_accepted(site, county, browser):
    liaison = browser()
    sign_in(liaison, site.base, "liaison")
    link, owed = my_work_link(liaison, "待报送的月调度")
    assert owed >= 1
    press(liaison, link)
    look(liaison, "rounds-liaison")
    # This month's round, opened by the county's city; the liaison sees the county's return only.
    rows = liaison.find_elements(By.CSS_SELECTOR, "table tbody tr")
    this_month = [r for r in rows if "未报送" in r.text]
    assert this_month, [r.text for r in rows]
    press(liaison, this_month[0].find_element(By.CSS_SELECTOR, "th a"))
    look(liaison, "round-liaison")
    units = liaison.find_elements(By.CSS_SELECTOR, "table tbody tr th a")
    assert len(units) == 1, [u.text for u in units]
    press(liaison, units[0])
    return_url = liaison.current_url
    form = form_with(liaison, "form[action*='/returns/']")
    form.find_element(By.NAME, "summary").send_keys("本月召开整改推进会2次，完成整改3项。")
    form.find_element(By.NAME, "nextSteps").send_keys("下月完成剩余整改。")
    assert [b.text for b in form.find_elements(By.CSS_SELECTOR, "button[type=submit]")] == ["保存"]
    press(liaison, button_in(form, "保存"))
    assert "已保存" in body_text(liaison)
    look(liaison, "return-liaison")

    leader = browser()
    sign_in(leader, site.base, "unitleader")
    leader.get(return_url)
    press(leader, button_in(form_with(leader, "form[action*='/returns/']"), "签发报送"))
    assert "已签发报送" in body_text(leader)
    # Filed: the ledger's own figures for the county went with it.
    assert "台账数字" in body_text(leader)

    office = browser()
    sign_in(office, site.base, "office")
    link, waiting = my_work_link(office, "待审核的月调度报送")
    assert waiting >= 1
    office.get(return_url)
    look(office, "return-office")
    decide = office.find_element(By.CSS_SELECTOR, ".actions-panel")
    send_back = decide.find_element(By.XPATH, ".//form[.//button[normalize-space()='退回']]")
    # The browser asks for the reason before sending (the server refuses without one too).
    assert send_back.find_element(By.NAME, "reason").get_attribute("required") is not None
    send_back.find_element(By.NAME, "reason").send_keys("完成整改数与台账不一致，请核对。")
    press(office, button_in(send_back, "退回"))
    assert "已退回" in body_text(office)

    liaison.get(return_url)
    assert "已被退回：完成整改数与台账不一致" in body_text(liaison)
    leader.get(return_url)
    press(leader, button_in(form_with(leader, "form[action*='/returns/']"), "签发报送"))
    office.get(return_url)
    press(office, button_in(office.find_element(By.XPATH, "//form[.//button[normalize-space()='审核通过']]"), "审核通过"))
    assert "已审核通过" in body_text(office)
    history = office.find_element(By.ID, "h-history").find_element(By.XPATH, "..").text
    assert history.count("签发报送") == 2 and "退回" in history and "审核通过" in history

    # The sibling county's liaison gets 404 on the return.
    sibling = browser()
    sign_in(sibling, site.base, "sibling")
    sibling.get(return_url)
    assert "本月召开整改推进会" not in body_text(sibling)
    assert api(site, "sibling").get("/api/v1" + return_url.replace(site.base, "")).status_code == 404
