"""The live API answers as its OpenAPI document (GET /api/v1/openapi.json) says.

Each response of the main endpoints is matched to its operation in the served document
(path template + method), its status code must be documented there (or covered by a
"default"/"4XX" entry), its content type must be one the document lists, and its body
must validate against the documented schema ($refs resolved inside the document, JSON
Schema 2020-12 as OpenAPI 3.1 uses). Then every path and method in the document is called
once and must answer something other than the server's answer for an unknown route.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from urllib.parse import urlencode, urlparse

import pytest
import requests
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from taizhang_e2e import API, describe

DOC_URI = "urn:taizhang:openapi"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


# --------------------------------------------------------------------------------------------
# The document


def esc(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def pointer_get(doc: dict, pointer: str):
    node = doc
    for part in pointer.lstrip("/").split("/") if pointer not in ("", "/") else []:
        part = part.replace("~1", "/").replace("~0", "~")
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


def deref(doc: dict, obj, pointer: str):
    """Follow local $refs of a Reference Object; returns (object, its pointer)."""
    seen = 0
    while isinstance(obj, dict) and isinstance(obj.get("$ref"), str) and obj["$ref"].startswith("#/"):
        pointer = obj["$ref"][1:]
        obj = pointer_get(doc, pointer)
        seen += 1
        assert seen < 20, f"$ref loop at {pointer}"
    return obj, pointer


def server_prefix(doc: dict) -> str:
    """The path part of the first server URL ('' when the paths already start with /api/v1)."""
    for server in doc.get("servers") or []:
        path = urlparse(server.get("url", "")).path.rstrip("/")
        if path and path != "/":
            return path
    return ""


class Spec:
    def __init__(self, doc: dict):
        self.doc = doc
        self.prefix = server_prefix(doc)
        self.registry = Registry().with_resource(
            DOC_URI, Resource.from_contents(doc, default_specification=DRAFT202012)
        )
        self.routes = []  # (regex, template, param names)
        for template in doc.get("paths", {}):
            full = template if template.startswith(API) else self.prefix + template
            names = re.findall(r"{([^}/]+)}", full)
            regex = re.compile("^" + re.sub(r"\\{[^}/]+\\}", "[^/]+", re.escape(full)) + "/?$")
            self.routes.append((regex, template, names))
        # Literal paths win over templated ones (/problems/search before /problems/{id}).
        self.routes.sort(key=lambda r: len(r[2]))

    def find(self, path: str):
        for regex, template, _ in self.routes:
            if regex.match(path):
                return template
        return None

    def full_path(self, template: str) -> str:
        return template if template.startswith(API) else self.prefix + template

    @lru_cache(maxsize=None)
    def validator(self, pointer: str) -> OAS31Validator:
        return OAS31Validator({"$ref": DOC_URI + "#" + pointer}, registry=self.registry, format_checker=oas31_format_checker)

    def check(self, r: requests.Response) -> list[str]:
        """Problems with response r against the document (empty when it conforms)."""
        method = r.request.method.lower()
        path = urlparse(r.request.url).path
        template = self.find(path)
        if template is None:
            return [f"{method.upper()} {path}: no path in the document matches"]
        item_ptr = "/paths/" + esc(template)
        item, item_ptr = deref(self.doc, self.doc["paths"][template], item_ptr)
        if method not in item:
            return [f"{method.upper()} {template}: method not in the document"]
        op_ptr = f"{item_ptr}/{method}"
        responses = item[method].get("responses", {})
        code = str(r.status_code)
        key = next((k for k in (code, code[0] + "XX", code[0] + "xx", "default") if k in responses), None)
        if key is None:
            return [f"{method.upper()} {template}: status {code} is not documented (documented: {sorted(responses)})"]
        resp, resp_ptr = deref(self.doc, responses[key], f"{op_ptr}/responses/{esc(key)}")
        content = resp.get("content") or {}
        if not content:
            if r.content and r.status_code != 204:
                return [f"{method.upper()} {template} {code}: document says no body, got {len(r.content)} bytes"]
            return []
        ctype = (r.headers.get("content-type") or "").split(";")[0].strip().lower()
        media = None
        for m in content:
            if m.lower() == ctype or m == "*/*" or (m.endswith("/*") and ctype.startswith(m[:-1])):
                media = m
                break
        if media is None:
            return [f"{method.upper()} {template} {code}: content-type {ctype!r} not among {sorted(content)}"]
        if "schema" not in content[media]:
            return []
        if not (media.endswith("json") or media.endswith("+json")):
            return []
        try:
            body = r.json()
        except ValueError:
            return [f"{method.upper()} {template} {code}: body is not JSON: {r.text[:200]!r}"]
        schema_ptr = f"{resp_ptr}/content/{esc(media)}/schema"
        errors = sorted(self.validator(schema_ptr).iter_errors(body), key=lambda e: list(e.absolute_path))
        return [
            f"{method.upper()} {template} {code}: at /{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
            for e in errors[:10]
        ]


@pytest.fixture(scope="module")
def spec(openapi) -> Spec:
    return Spec(openapi)


def conforms(spec: Spec, r: requests.Response) -> None:
    problems = spec.check(r)
    assert not problems, "response does not conform to the OpenAPI document:\n  " + "\n  ".join(problems) + "\n" + describe(r)


def is_problem_json(r: requests.Response, field: str | None = None) -> None:
    """An RFC 9457 body; with field, it names that field and says why in Chinese and English."""
    ctype = (r.headers.get("content-type") or "").split(";")[0].strip()
    assert ctype == "application/problem+json", f"expected application/problem+json\n{describe(r)}"
    body = r.json()
    assert isinstance(body, dict) and body.get("status") in (None, r.status_code), describe(r)
    assert "title" in body or "detail" in body, f"problem+json without title or detail\n{describe(r)}"
    if field is not None:
        assert body.get("field") == field, f"expected the error to name the field {field!r}\n{describe(r)}"
        texts = " ".join(str(v) for v in body.values() if isinstance(v, str))
        assert re.search(r"[\u4e00-\u9fff]", texts), f"no Chinese explanation\n{describe(r)}"
        assert re.search(r"\b[a-z]+ [a-z]+\b", texts), f"no English explanation\n{describe(r)}"


# --------------------------------------------------------------------------------------------
# Facts about the data set, found through the API


@pytest.fixture(scope="module")
def facts(live):
    c = live.client
    roots = c.json(API + "/units")["items"]
    assert roots, "GET /api/v1/units returned no root unit for the office user"
    root = roots[0]
    children = c.json(API + "/units", params={"parent": root["id"]})["items"]
    problems = c.json(API + "/problems", params={"unit": root["id"], "limit": 50})["items"]
    assert problems, "no problems under the root unit"
    open_ = c.json(API + "/problems", params={"unit": root["id"], "state": "open", "limit": 25})["items"]
    # A problem with measures and evidence, for the sub-resource routes.
    rich = None
    details = {}
    for p in problems[:50]:
        d = c.json(f"{API}/problems/{p['id']}")
        details[p["id"]] = d
        if d.get("measures") and d.get("evidence"):
            rich = d
            break
    rich = rich or next(iter(details.values()))
    # A monthly round and one of its returns, for the /rounds routes.
    rounds = c.json(API + "/rounds")["items"]
    round_ = c.json(f"{API}/rounds/{rounds[0]['round']['id']}") if rounds else None
    return {
        "round": round_,
        "root": root,
        "children": children,
        "problems": problems,
        "open": open_,
        "rich": rich,
    }


# --------------------------------------------------------------------------------------------
# The main endpoints


def test_document_is_valid_openapi_3_1(openapi):
    from openapi_spec_validator import validate

    assert str(openapi.get("openapi", "")).startswith("3.1"), f"openapi: {openapi.get('openapi')!r}"
    validate(openapi)
    assert openapi.get("paths"), "the document has no paths"


def test_units_roots_and_children(live, spec, facts):
    r = live.client.get(API + "/units")
    assert r.status_code == 200, describe(r)
    conforms(spec, r)
    r = live.client.get(API + "/units", params={"parent": facts["root"]["id"]})
    assert r.status_code == 200, describe(r)
    conforms(spec, r)
    kinds = {u["kind"] for u in r.json()["items"]}
    assert kinds, "the root unit has no children"
    assert all(u["parentId"] == facts["root"]["id"] for u in r.json()["items"]), describe(r)


def test_problem_list_filtered(live, spec, facts):
    params = {"unit": facts["root"]["id"], "state": "open", "overdue": "true", "sort": "deadline", "limit": 25}
    r = live.client.get(API + "/problems", params=params)
    assert r.status_code == 200, describe(r)
    conforms(spec, r)
    items = r.json()["items"]
    assert len(items) <= 25
    assert all(p["state"] == "open" and p["overdue"] is True for p in items), describe(r)
    deadlines = [p["deadline"] for p in items]
    assert deadlines == sorted(deadlines), f"not sorted by deadline: {deadlines}"


def test_problem_list_next_page(live, spec, facts):
    r = live.client.get(API + "/problems", params={"unit": facts["root"]["id"], "limit": 5})
    assert r.status_code == 200, describe(r)
    conforms(spec, r)
    first = r.json()
    assert len(first["items"]) == 5 and first.get("nextCursor"), f"200 problems, limit 5: expected a next page\n{describe(r)}"
    r = live.client.get(API + "/problems", params={"unit": facts["root"]["id"], "limit": 5, "cursor": first["nextCursor"]})
    assert r.status_code == 200, describe(r)
    conforms(spec, r)
    ids1 = {p["id"] for p in first["items"]}
    ids2 = {p["id"] for p in r.json()["items"]}
    assert ids2 and not ids1 & ids2, f"second page overlaps the first: {ids1 & ids2}"


def test_problem_detail(live, spec, facts):
    pid = facts["problems"][0]["id"]
    r = live.client.get(f"{API}/problems/{pid}")
    assert r.status_code == 200, describe(r)
    conforms(spec, r)
    body = r.json()
    assert body["id"] == pid
    for key in ("measures", "notes", "evidence", "deadlineChanges", "history"):
        assert isinstance(body.get(key), list), f"detail lacks array {key!r}\n{describe(r)}"


def test_stats(live, spec, facts):
    r = live.client.get(API + "/stats", params={"unit": facts["root"]["id"]})
    assert r.status_code == 200, describe(r)
    conforms(spec, r)
    s = r.json()
    assert s["unitId"] == facts["root"]["id"]
    assert s["total"] == sum(s["byState"].values()), f"total != sum(byState)\n{describe(r)}"
    assert 0 <= s["overdue"] <= s["total"]


def test_add_note(live, spec, facts):
    assert facts["open"], "no open problem in the demo data set"
    pid = facts["open"][0]["id"]
    r = live.client.post(f"{API}/problems/{pid}/notes", json={"text": "合同测试：整改进展 contract test note"})
    assert r.status_code == 201, describe(r)
    conforms(spec, r)
    note = r.json()
    detail = live.client.json(f"{API}/problems/{pid}")
    assert any(str(n.get("id")) == str(note["id"]) for n in detail["notes"]), "the new note is not in the detail"


def test_401_without_token(live, spec):
    r = live.anon.get(API + "/problems")
    assert r.status_code == 401, describe(r)
    is_problem_json(r)
    conforms(spec, r)
    r = live.anon.get(API + "/units", headers={"Authorization": "Bearer tz_not-a-real-token"})
    assert r.status_code == 401, describe(r)
    conforms(spec, r)


def unknown_id_like(known):
    if isinstance(known, int):
        return 2_000_000_000
    s = str(known)
    if re.fullmatch(r"[0-9a-fA-F-]{36}", s):
        return "00000000-0000-4000-8000-000000000000"
    if s.isdigit():
        return "2000000000"
    return s[:-4] + "zzzz" if len(s) > 4 else "zzzzzzzz"


def test_404_unknown_problem(live, spec, facts):
    missing = unknown_id_like(facts["problems"][0]["id"])
    r = live.client.get(f"{API}/problems/{missing}")
    assert r.status_code == 404, describe(r)
    is_problem_json(r)
    conforms(spec, r)


def test_400_bad_query_parameter(live, spec, facts):
    r = live.client.get(API + "/problems", params={"unit": facts["root"]["id"], "limit": "many"})
    assert r.status_code == 400, describe(r)
    is_problem_json(r, field="limit")
    conforms(spec, r)


def test_400_malformed_json_body(live, spec, facts):
    pid = facts["open"][0]["id"]
    before = live.client.json(f"{API}/problems/{pid}")
    r = live.client.post(f"{API}/problems/{pid}/notes", data=b'{"text": ', headers={"Content-Type": "application/json"})
    assert r.status_code == 400, describe(r)
    is_problem_json(r)
    conforms(spec, r)
    after = live.client.json(f"{API}/problems/{pid}")
    assert len(after["notes"]) == len(before["notes"]), "a malformed request changed the problem's notes"


def test_400_wrong_type_and_413_oversized_body_change_nothing(live, spec, facts):
    pid = facts["open"][0]["id"]
    before = live.client.json(f"{API}/problems/{pid}")
    r = live.client.post(f"{API}/problems/{pid}/notes", json={"text": 5})
    assert r.status_code == 400, describe(r)
    is_problem_json(r, field="text")
    conforms(spec, r)
    r = live.client.post(f"{API}/problems/{pid}/notes", json={"text": "超长" * 2_000_000})
    assert r.status_code == 413, describe(r)
    is_problem_json(r)
    conforms(spec, r)
    after = live.client.json(f"{API}/problems/{pid}")
    assert (len(after["notes"]), after["version"]) == (len(before["notes"]), before["version"]), "bad input changed the problem"


# --------------------------------------------------------------------------------------------
# Every route in the document exists


def param_value(name: str, facts, collection: str = "") -> str:
    """A real id for a parameter, chosen by its name or, for a bare {id}, by the collection
    it follows (/units/{id}, /campaigns/{id}, /problems/{id})."""
    n = name.lower()
    if n == "id" and collection:
        n = collection.lower()
    rich = facts["rich"]

    def first(key):
        items = rich.get(key) or []
        return items[0]["id"] if items and "id" in items[0] else "1"

    if n in ("rounds", "returnid") and facts.get("round"):
        return str(facts["round"]["round"]["id"] if n == "rounds" else facts["round"]["returns"][0]["id"])
    if "unit" in n or n == "parent":
        return str(facts["root"]["id"])
    if "campaign" in n:
        return str(rich.get("campaignId") or (rich.get("campaign") or {}).get("id") or "1")
    if "measure" in n:
        return str(first("measures"))
    if "evidence" in n or "sha" in n or "file" in n:
        return str(first("evidence"))
    if "note" in n:
        return str(first("notes"))
    if "change" in n:
        return str(first("deadlineChanges"))
    if "user" in n or "login" in n:
        return "office"
    return str(rich["id"])  # a problem


def fill_path(template: str, facts) -> str:
    parts = template.split("/")
    out = []
    for i, part in enumerate(parts):
        m = re.fullmatch(r"{([^}/]+)}", part)
        out.append(param_value(m.group(1), facts, parts[i - 1] if i else "") if m else part)
    return "/".join(out)


# Operations that would revoke the token this test signs in with (tested on their own elsewhere).
ENDS_OWN_SESSION = {("delete", "/api/v1/session"), ("delete", "/api/v1/tokens/{id}"), ("post", "/api/v1/users/{id}/tokens/revoke")}


def test_every_documented_route_answers(live, spec, facts):
    base = live.client
    probe = API + "/no-such-route-zz"
    unknown = base.get(probe)
    unknown_sig = (unknown.status_code, unknown.content.replace(probe.encode(), b"PATH"))
    failures = []
    calls = []
    for template, item in spec.doc.get("paths", {}).items():
        item, _ = deref(spec.doc, item, "/paths/" + esc(template))
        for method in METHODS:
            if method not in item:
                continue
            if (method, template) in ENDS_OWN_SESSION:
                continue
            path = fill_path(spec.full_path(template), facts)
            params = [deref(spec.doc, prm, "")[0] for prm in item.get("parameters", []) + item[method].get("parameters", [])]
            query = {prm["name"]: param_value(prm["name"], facts) for prm in params
                     if prm.get("in") == "query" and prm.get("required")}
            if query:
                path += "?" + urlencode(query)
            calls.append((0 if method == "get" else 1, method, template, path))
    # Reads first, then writes (with an empty JSON object: most answer 400, none should be unknown).
    for _, method, template, path in sorted(calls):
        kw = {}
        if method in ("post", "put", "patch"):
            kw["json"] = {}
        try:
            r = base.request(method.upper(), path, **kw)
        except requests.RequestException as e:
            failures.append(f"{method.upper()} {template} ({path}): no answer: {e!r}")
            base = type(base)(base.base, live.token)
            continue
        sig = (r.status_code, r.content.replace(path.split("?")[0].encode(), b"PATH"))
        if sig == unknown_sig or (r.status_code in (404, 405) and not r.content):
            failures.append(f"{method.upper()} {template} ({path}) answers like an unknown route: {r.status_code}")
            continue
        if r.status_code >= 500:
            failures.append(f"{method.upper()} {template}: server error\n{describe(r)}")
            continue
        failures += spec.check(r)
    assert not failures, f"{len(failures)} of {len(calls)} documented operations:\n  " + "\n  ".join(failures)
