# Writes Sources/TaizhangWeb/openapi.json. The JSON is what ships; this is how it is kept: edit here, run, commit both.
import json
S = lambda t, **k: dict(type=t, **k)
STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
INT = {"type": "integer"}
NINT = {"type": ["integer", "null"]}
DATE = {"type": "string", "format": "date"}
NDATE = {"type": ["string", "null"], "format": "date"}
BOOL = {"type": "boolean"}
ref = lambda n: {"$ref": f"#/components/schemas/{n}"}
def obj(props, required=None, extra=False):
    o = {"type": "object", "properties": props}
    o["required"] = required if required is not None else list(props)
    if not extra: o["additionalProperties"] = False
    return o
states = ["draft", "open", "submitted", "closed", "ongoing", "merged", "dismissed"]
channels = ["inspection", "petition", "audit", "supervision", "research", "undercover", "opinion", "self_review", "report"]
rtypes = ["immediate", "time_bound", "ongoing"]
kinds = ["province", "department", "soe", "financial", "cultural", "university", "city", "county", "office", "social_organisation"]
problem_props = {
    "id": INT, "number": STR, "campaignId": INT, "title": STR, "description": STR,
    "sourceChannel": {"type": "string", "enum": channels}, "sourceChannelLabel": STR, "sourceRef": STR, "category": STR,
    "leadUnitId": INT, "supportingUnitIds": {"type": "array", "items": INT},
    "responsibleLeader": STR, "responsiblePerson": STR, "foundOn": DATE, "deadline": NDATE,
    "rectificationType": {"type": "string", "enum": rtypes}, "rectificationTypeLabel": STR,
    "state": {"type": "string", "enum": states}, "stateLabel": STR,
    "overdue": {"type": "boolean", "description": "Computed: not finished and past its deadline (Asia/Shanghai)."},
    "mergedIntoId": NINT, "stateReason": NSTR, "submittedBy": NINT, "closedOn": NDATE,
    "version": {"type": "integer", "description": "Optimistic concurrency: send it back with every write."},
    "createdAt": {"type": "string", "format": "date-time"}, "updatedAt": {"type": "string", "format": "date-time"},
    "snippet": {"type": "string", "description": "In search results only: the words around the first hit in the title or description, HTML-escaped, the hit in <mark>…</mark> (absent when the hit is in a measure or a note)."},
}
opt_problem = ["snippet", "supportingUnitIds", "mergedIntoId", "stateReason", "submittedBy", "closedOn", "deadline"]
problem_req = [k for k in problem_props if k not in opt_problem]
schemas = {
    "Problem": obj(problem_props, problem_req),
    "ProblemPage": obj({"items": {"type": "array", "items": ref("Problem")}, "nextCursor": NSTR}, ["items"]),
    "Measure": obj({"id": INT, "problemId": INT, "text": STR, "owner": STR, "deadline": NDATE, "doneOn": NDATE, "done": BOOL, "version": INT, "createdAt": STR}, ["id", "problemId", "text", "owner", "done", "version", "createdAt"]),
    "ProgressNote": obj({"id": INT, "problemId": INT, "notedOn": DATE, "text": STR, "figures": {"type": "object", "additionalProperties": {"type": "number"}}, "authorId": INT, "createdAt": STR}),
    "Evidence": obj({"id": INT, "problemId": INT, "fileName": STR, "contentType": STR, "size": INT, "sha256": STR, "uploadedBy": INT, "createdAt": STR, "downloadUrl": STR}),
    "DeadlineChange": obj({"id": INT, "problemId": INT, "oldDeadline": NDATE, "newDeadline": DATE, "reason": STR, "requestedBy": INT, "requestedAt": STR, "status": {"type": "string", "enum": ["pending", "approved", "rejected"]}, "decidedBy": NINT, "decidedAt": NSTR}, ["id", "problemId", "newDeadline", "reason", "requestedBy", "requestedAt", "status"]),
    "AuditEvent": obj({"id": INT, "at": STR, "actorId": NINT, "entity": STR, "entityId": INT, "action": STR, "old": {"type": ["string", "null"], "description": "JSON object of the changed fields before"}, "new": {"type": ["string", "null"], "description": "JSON object of the changed fields after"}}, ["id", "at", "entity", "entityId", "action"]),
    "Unit": obj({"id": INT, "parentId": NINT, "name": STR, "shortName": STR, "kind": {"type": "string", "enum": kinds}, "kindLabel": STR, "path": STR}, ["id", "name", "shortName", "kind", "kindLabel", "path"]),
    "UnitList": obj({"items": {"type": "array", "items": ref("Unit")}}),
    "Campaign": obj({"id": INT, "name": STR, "code": STR, "startsOn": DATE, "endsOn": NDATE, "participants": {"type": "array", "items": obj({"unitId": INT, "batch": INT})}}, ["id", "name", "code", "startsOn", "participants"]),
    "CampaignList": obj({"items": {"type": "array", "items": ref("Campaign")}}),
    "Counts": obj({"unitId": INT, "total": INT, "byState": obj({s: INT for s in states}), "overdue": INT}),
    "Token": obj({"token": STR, "userId": INT}),
    "Me": obj({"id": INT, "name": STR, "grants": {"type": "array", "items": obj({"role": STR, "roleLabel": STR, "unitId": INT})}}),
    "ProblemDetails": obj({"type": STR, "title": STR, "status": INT, "detail": STR, "code": STR, "field": STR, "zh": STR, "en": STR, "currentVersion": INT}, ["type", "title", "status", "detail", "code", "zh", "en"]),
    # Requests
    "ProblemCreate": obj({"campaignId": INT, "title": STR, "description": STR, "sourceChannel": {"type": "string", "enum": channels}, "sourceRef": STR, "category": STR, "leadUnitId": INT, "supportingUnitIds": {"type": "array", "items": INT}, "responsibleLeader": STR, "responsiblePerson": STR, "foundOn": DATE, "deadline": DATE, "rectificationType": {"type": "string", "enum": rtypes}}, ["campaignId", "title", "sourceChannel", "leadUnitId", "foundOn", "rectificationType"], extra=False),
    "ProblemUpdate": obj({"version": INT, "title": STR, "description": STR, "sourceChannel": {"type": "string", "enum": channels}, "sourceRef": STR, "category": STR, "responsibleLeader": STR, "responsiblePerson": STR, "foundOn": DATE, "rectificationType": {"type": "string", "enum": rtypes}, "supportingUnitIds": {"type": "array", "items": INT}}, ["version"], extra=False),
    "Transition": obj({"version": INT, "reason": {"type": "string", "description": "Required for return, reopen, merge and dismiss."}, "into": {"type": "integer", "description": "merge: the surviving problem."}}, ["version"], extra=False),
    "MeasureCreate": obj({"text": STR, "owner": STR, "deadline": DATE}, ["text"], extra=False),
    "MeasureUpdate": obj({"version": INT, "text": STR, "owner": STR, "deadline": NDATE, "doneOn": NDATE}, ["version"], extra=False),
    "NoteCreate": obj({"text": STR, "notedOn": DATE, "figures": {"type": "object", "additionalProperties": {"type": "number"}}}, ["text"], extra=False),
    "DeadlineChangeCreate": obj({"deadline": DATE, "reason": STR}),
    "UnitCreate": obj({"name": STR, "shortName": STR, "kind": {"type": "string", "enum": kinds}, "parentId": INT}, ["name", "kind"], extra=False),
    "CampaignCreate": obj({"name": STR, "code": STR, "startsOn": DATE, "endsOn": DATE, "participants": {"type": "array", "items": obj({"unitId": INT, "batch": INT}, ["unitId"])}}, ["name", "code", "startsOn"], extra=False),
    "SignIn": obj({"login": STR, "password": STR}),
    "Decision": obj({"version": {"type": "integer", "description": "The problem's version as the decider saw it: two decisions at once cannot both win."}}),
    "GrantChange": obj({"role": {"type": "string", "enum": ["office", "liaison", "unit_leader", "supervision", "leader", "admin"]}, "unitId": INT}),
    "TokenList": obj({"items": {"type": "array", "items": obj({"id": INT, "name": STR, "createdAt": STR, "revokedAt": NSTR, "expiresAt": NSTR}, ["id", "name", "createdAt"])}}),
    "Revoked": obj({"revoked": INT}),
}
detail_props = dict(problem_props, moreNotesBefore={"type": "integer", "description": "Older notes exist: GET /problems/{id}/notes?before=this."}, moreHistoryBefore={"type": "integer", "description": "Older history exists: GET /problems/{id}/history?before=this."}, measures={"type": "array", "items": ref("Measure")}, notes={"type": "array", "items": ref("ProgressNote")}, evidence={"type": "array", "items": ref("Evidence")}, deadlineChanges={"type": "array", "items": ref("DeadlineChange")}, history={"type": "array", "items": ref("AuditEvent")})
schemas["ProblemDetail"] = obj(detail_props, problem_req + ["measures", "notes", "evidence", "deadlineChanges", "history"])
schemas["NotePage"] = obj({"items": {"type": "array", "items": ref("ProgressNote")}, "nextBefore": NINT}, ["items"])
schemas["HistoryPage"] = obj({"items": {"type": "array", "items": ref("AuditEvent")}, "nextBefore": NINT}, ["items"])

def err(desc): return {"description": desc, "content": {"application/problem+json": {"schema": ref("ProblemDetails")}}}
ERR = {"400": err("Bad input: names the field, in Chinese and English; nothing changed."), "401": err("No or invalid bearer token."), "404": err("Not found, or outside the caller's scope.")}
WRITE_ERR = dict(ERR, **{"403": err("In scope, but the caller's role does not allow it."), "409": err("Stale version (with currentVersion) or a guard of the state machine."), "413": err("Body too large.")})
def ok(schema, code="200", desc="OK"): return {code: {"description": desc, "content": {"application/json": {"schema": ref(schema)}}}}
def body(schema): return {"required": True, "content": {"application/json": {"schema": ref(schema)}}}
idp = lambda n="id": {"name": n, "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
q = lambda n, schema, d: {"name": n, "in": "query", "required": False, "schema": schema, "description": d}

paths = {}
def op(path, method, summary, responses, params=None, requestBody=None, tags=None, security=True):
    o = {"summary": summary, "operationId": (method + path.replace("/", "_").replace("{", "").replace("}", "").replace("-", "_")), "responses": responses}
    if params: o["parameters"] = params
    if requestBody: o["requestBody"] = requestBody
    if tags: o["tags"] = tags
    if not security: o["security"] = []
    paths.setdefault("/api/v1" + path, {})[method] = o

op("/openapi.json", "get", "This document.", {"200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}}, security=False, tags=["meta"])
op("/session", "post", "Sign in with login and password; returns a new bearer token. Repeated failures for a login or an address are refused for a while (429 with Retry-After).", dict(ok("Token", "201", "Signed in"), **ERR, **{"429": err("Too many failed sign-ins; wait Retry-After seconds.")}), requestBody=body("SignIn"), security=False, tags=["session"])
NO_CONTENT = {"204": {"description": "Done"}}
op("/session", "delete", "Sign out: the bearer token of this request stops working at once.", dict(NO_CONTENT, **ERR), tags=["session"])
op("/tokens", "get", "The caller's own tokens (names and dates, never the tokens).", dict(ok("TokenList"), **ERR), tags=["session"])
op("/tokens/{id}", "delete", "Revoke one of the caller's own tokens; refused at once on every server.", dict(NO_CONTENT, **ERR), params=[idp()], tags=["session"])
op("/users/{id}/tokens/revoke", "post", "Revoke every token of a person (admin over all their units).", dict(ok("Revoked"), **WRITE_ERR), params=[idp()], tags=["users"])
op("/users/{id}/grants", "post", "Give a person a role for a unit in scope (admin).", dict(NO_CONTENT, **WRITE_ERR), params=[idp()], requestBody=body("GrantChange"), tags=["users"])
op("/users/{id}/grants/revoke", "post", "Take a role away (admin); refused at once on every server.", dict(NO_CONTENT, **WRITE_ERR), params=[idp()], requestBody=body("GrantChange"), tags=["users"])
op("/users/{id}/disable", "post", "Disable a person: tokens and sign-in refused at once on every server (admin over all their units).", dict(NO_CONTENT, **WRITE_ERR), params=[idp()], tags=["users"])
op("/users/{id}/enable", "post", "Let a disabled person sign in again (admin).", dict(NO_CONTENT, **WRITE_ERR), params=[idp()], tags=["users"])
op("/me", "get", "The caller and the roles they hold.", dict(ok("Me"), **ERR), tags=["session"])
op("/units", "get", "Roots of the caller's scope, or the children of `parent`.", dict(ok("UnitList"), **ERR), params=[q("parent", INT, "Unit whose children to list.")], tags=["units"])
op("/units", "post", "Add a unit under a parent in scope (admin, office).", dict(ok("Unit", "201", "Created"), **WRITE_ERR), requestBody=body("UnitCreate"), tags=["units"])
op("/units/{id}", "get", "One unit in scope.", dict(ok("Unit"), **ERR), params=[idp()], tags=["units"])
op("/campaigns", "get", "All campaigns.", dict(ok("CampaignList"), **ERR), tags=["campaigns"])
op("/campaigns", "post", "Set up a campaign (top-level office).", dict(ok("Campaign", "201", "Created"), **WRITE_ERR), requestBody=body("CampaignCreate"), tags=["campaigns"])
op("/campaigns/{id}", "get", "One campaign with its participating units.", dict(ok("Campaign"), **ERR), params=[idp()], tags=["campaigns"])
op("/stats", "get", "Counts by state and overdue for a subtree (default: the caller's scope).", dict(ok("Counts"), **ERR), params=[q("unit", INT, "Subtree root."), q("campaign", INT, "Only this campaign.")], tags=["problems"])
list_params = [
    q("unit", INT, "Only problems whose lead unit is this unit or below it."), q("campaign", INT, "Campaign id."),
    q("state", STR, "Comma-separated states: " + ", ".join(states)), q("source", STR, "Comma-separated source channels: " + ", ".join(channels)),
    q("category", STR, "Special rectification area."), q("overdue", {"type": "boolean"}, "Only overdue (true) or only not overdue (false)."),
    q("deadlineFrom", DATE, "Deadline on or after."), q("deadlineTo", DATE, "Deadline on or before."),
    q("q", {"type": "string", "maxLength": 100}, "Search: every word (or \"quoted phrase\") must appear in the title, number, description, source reference, measures or notes. Chinese is matched by character bigrams (one character too), letters and digits as whole words; traditional finds simplified, full-width finds half-width. Without `sort`, title hits come first, then the newest."),
    q("supported", {"type": "boolean"}, "Instead: the problems that units in scope support (配合单位)."),
    q("sort", {"type": "string", "enum": ["deadline", "-deadline", "found", "-found", "-updated", "number", "relevance"]}, "Order (default: deadline; relevance when searching)."),
    q("limit", {"type": "integer", "minimum": 1, "maximum": 200}, "Page size (default 25)."),
    q("cursor", STR, "nextCursor of the previous page."),
]
op("/problems", "get", "The ledger: filtered, sorted, keyset-paged, within the caller's scope.", dict(ok("ProblemPage"), **ERR), params=list_params, tags=["problems"])
op("/problems", "post", "Put a new problem on the ledger as a draft (office, supervision).", dict(ok("Problem", "201", "Created"), **WRITE_ERR), requestBody=body("ProblemCreate"), tags=["problems"])
op("/problems/{id}", "get", "One problem with measures, notes, evidence, deadline changes and history.", dict(ok("ProblemDetail"), **ERR), params=[idp()], tags=["problems"])
op("/problems/{id}", "patch", "Edit descriptive fields (not state, not deadline); needs the current version.", dict(ok("Problem"), **WRITE_ERR), params=[idp()], requestBody=body("ProblemUpdate"), tags=["problems"])
actions = {
    "claim": "Claim (认领): draft → open; liaison or unit leader of the lead unit.",
    "request-closure": "Request closure (申请销号): open/ongoing → submitted; unit leader; every measure done and evidence present.",
    "verify": "Verify closure (销号): submitted → closed; office or supervision, never the requester.",
    "return": "Return (退回) with a reason: submitted → open; office or supervision.",
    "reopen": "Reopen after a look-back rebound (回头看) with a reason: closed → open.",
    "mark-ongoing": "Approve as long-term work (长期坚持): open → ongoing; office.",
    "merge": "Merge into the surviving problem `into`, with a reason; office.",
    "dismiss": "Dismiss (撤销) with a reason; office.",
}
for a, d in actions.items():
    op("/problems/{id}/" + a, "post", d, dict(ok("Problem"), **WRITE_ERR), params=[idp()], requestBody=body("Transition"), tags=["transitions"])
op("/problems/{id}/measures", "post", "Add a measure (整改措施).", dict(ok("Measure", "201", "Created"), **WRITE_ERR), params=[idp()], requestBody=body("MeasureCreate"), tags=["ledger"])
op("/problems/{id}/measures/{measureId}", "patch", "Edit a measure or mark it done; needs the measure's version.", dict(ok("Measure"), **WRITE_ERR), params=[idp(), idp("measureId")], requestBody=body("MeasureUpdate"), tags=["ledger"])
op("/problems/{id}/notes", "post", "Append a progress note (整改进展); durable and audited.", dict(ok("ProgressNote", "201", "Created"), **WRITE_ERR), params=[idp()], requestBody=body("NoteCreate"), tags=["ledger"])
trail = [idp(), q("before", INT, "Only items older than this id."), q("limit", {"type": "integer", "minimum": 1, "maximum": 200}, "Page size (default 100).")]
op("/problems/{id}/notes", "get", "Progress notes, newest page first (the detail carries the newest 100).", dict(ok("NotePage"), **ERR), params=trail, tags=["ledger"])
op("/problems/{id}/history", "get", "Audit history, newest page first (the detail carries the newest 200).", dict(ok("HistoryPage"), **ERR), params=trail, tags=["ledger"])
upload_err = dict(WRITE_ERR, **{"415": err("Not an allowed type by its bytes (PDF, PNG/JPEG/GIF/WebP, Office documents).")})
op("/problems/{id}/evidence", "post", "Upload evidence (佐证材料): the body is the file; `name` its file name. Up to 20 MB.", dict(ok("Evidence", "201", "Stored"), **upload_err), params=[idp(), {"name": "name", "in": "query", "required": True, "schema": STR, "description": "File name, e.g. 整改报告.pdf"}], requestBody={"required": True, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}, tags=["ledger"])
op("/problems/{id}/evidence/{evidenceId}", "get", "Download evidence as uploaded.", dict({"200": {"description": "The file, with the content type its bytes were recognised as.", "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in ["application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp", "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.openxmlformats-officedocument.presentationml.presentation"]}}}, **ERR), params=[idp(), idp("evidenceId")], tags=["ledger"])
op("/problems/{id}/deadline-changes", "post", "Request a deadline change with a reason.", dict(ok("DeadlineChange", "201", "Requested"), **WRITE_ERR), params=[idp()], requestBody=body("DeadlineChangeCreate"), tags=["deadlines"])
for verb, d in [("approve", "Approve a pending deadline change (office, supervision; not the requester)."), ("reject", "Reject a pending deadline change.")]:
    op("/problems/{id}/deadline-changes/{changeId}/" + verb, "post", d, dict(ok("DeadlineChange"), **WRITE_ERR), params=[idp(), idp("changeId")], requestBody=body("Decision"), tags=["deadlines"])

quantity = obj({"text": STR, "value": {"type": "number"}, "unit": STR, "approx": BOOL}, ["text", "value", "unit"], extra=True)
schemas["Report"] = obj({
    "id": INT, "unitId": INT, "campaignId": NINT, "fileName": STR, "size": INT, "sha256": STR, "uploadedBy": INT, "createdAt": STR,
    "drafted": {"type": "array", "items": obj({"id": INT, "number": STR, "title": STR})},
    "articles": {"type": "array", "items": obj({
        "seq": INT, "title": NSTR, "source": NSTR, "published": NSTR, "author": NSTR, "tags": {"type": "array", "items": STR}, "body": STR,
        "problems": {"type": "array", "items": obj({"index": INT, "problem": STR, "measures": {"type": "array", "items": STR},
            "duplicates": {"type": "array", "description": "Likely duplicates among existing problems, best first.", "items": obj({"id": INT, "number": STR, "title": STR, "similarity": {"type": "number"}})}})},
        "quantities": {"type": "array", "items": quantity},
        "deadlines": {"type": "array", "items": {"type": "object"}},
        "dates": {"type": "array", "items": STR}, "organizations": {"type": "array", "items": STR},
        "tallies": {"type": "array", "items": obj({"text": STR, "total": NINT, "counts": {"type": "object", "additionalProperties": INT}, "completionRate": {"type": ["number", "null"]},
            "ledger": obj({"closed": INT, "open": INT, "ongoing": INT, "total": INT}), "mismatch": BOOL}, ["text", "counts", "ledger", "mismatch"])},
    }, ["seq", "tags", "body", "problems", "quantities", "deadlines", "dates", "organizations", "tallies"])},
}, ["id", "unitId", "fileName", "size", "sha256", "uploadedBy", "createdAt", "drafted", "articles"])
schemas["ReportList"] = obj({"items": {"type": "array", "items": obj({"id": INT, "unitId": INT, "campaignId": NINT, "fileName": STR, "createdAt": STR, "titles": {"type": "array", "items": STR}}, ["id", "unitId", "fileName", "createdAt", "titles"])}})
schemas["ProblemList"] = obj({"items": {"type": "array", "items": ref("Problem")}})
schemas["DraftsCreate"] = obj({"items": {"type": "array", "items": obj({"article": INT, "problem": INT, "title": STR}, ["article", "problem"])}, "campaignId": INT, "leadUnitId": INT, "deadline": DATE, "category": STR, "sourceChannel": {"type": "string", "enum": channels}}, ["items"], extra=False)
op("/reports", "get", "Reports in scope, newest first; `q` searches their clean text.", dict(ok("ReportList"), **ERR), params=[q("unit", INT, "Subtree."), q("q", {"type": "string", "maxLength": 100}, "Search the articles' titles and bodies (as for problems); title hits first."), q("limit", {"type": "integer", "minimum": 1, "maximum": 200}, "At most this many (default 25).")], tags=["reports"])
op("/reports", "post", "Send in a report (简报): the body is the file (HTML, text, .docx, GBK …) or pasted text. It is read, stored raw and clean, and returned with its findings.", dict(ok("Report", "201", "Stored"), **WRITE_ERR), params=[{"name": "unit", "in": "query", "required": True, "schema": INT, "description": "The unit the report is about."}, q("campaign", INT, "Campaign."), q("name", STR, "File name.")], requestBody={"required": True, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}, "text/plain": {"schema": STR}}}, tags=["reports"])
op("/reports/{id}", "get", "A report with its articles and findings, each found problem with its likely duplicates, each tally beside the ledger's counts.", dict(ok("Report"), **ERR), params=[idp()], tags=["reports"])
op("/reports/{id}/drafts", "post", "Turn found problems into draft ledger entries in one step, measures attached, the report linked as the source (office, supervision).", dict(ok("ProblemList", "201", "Drafted"), **WRITE_ERR), params=[idp()], requestBody=body("DraftsCreate"), tags=["reports"])

rstates = ["not_filed", "filed", "returned", "accepted"]
schemas["Round"] = obj({"id": INT, "campaignId": INT, "unitId": INT, "period": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$", "description": "The month reported on, e.g. 2026-11."}, "title": STR, "dueOn": DATE, "openedBy": NINT, "openedAt": STR}, ["id", "campaignId", "unitId", "period", "title", "dueOn", "openedAt"])
schemas["Return"] = obj({"id": INT, "roundId": INT, "unitId": INT, "unitName": STR, "state": {"type": "string", "enum": rstates}, "stateLabel": STR, "summary": STR, "nextSteps": STR,
    "figures": {"type": "object", "description": "The unit's problems in the round's campaign when it was filed, from the ledger.", "properties": {"total": INT, "closed": INT, "open": INT, "overdue": INT}, "required": ["total", "closed", "open", "overdue"], "additionalProperties": False},
    "filedBy": NINT, "filedAt": NSTR, "decidedBy": NINT, "decidedAt": NSTR, "reason": NSTR, "version": INT, "updatedAt": STR}, ["id", "roundId", "unitId", "state", "stateLabel", "summary", "nextSteps", "version", "updatedAt"])
schemas["RoundDetail"] = obj({"round": ref("Round"), "unitName": STR, "returns": {"type": "array", "items": ref("Return")}})
schemas["RoundList"] = obj({"items": {"type": "array", "items": obj({"round": ref("Round"), "unitName": STR, "returns": obj({s: INT for s in rstates})})}})
schemas["RoundCreate"] = obj({"campaignId": INT, "unitId": INT, "period": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"}, "dueOn": DATE, "title": STR, "unitIds": {"type": "array", "items": INT, "description": "The units that must report (default: the units right below unitId)."}}, ["campaignId", "unitId", "period", "dueOn"], extra=False)
schemas["ReturnUpdate"] = obj({"version": INT, "summary": {"type": "string", "description": "本月工作进展"}, "nextSteps": {"type": "string", "description": "下步工作打算"}}, ["version"], extra=False)
schemas["ReturnDecision"] = obj({"version": INT, "reason": {"type": "string", "description": "Required to send a return back."}}, ["version"], extra=False)
rp = [idp(), idp("returnId")]
op("/rounds", "get", "Monthly rounds (月调度) the caller takes part in or oversees, newest month first, each with its returns counted by state within the caller's scope.", dict(ok("RoundList"), **ERR), tags=["rounds"])
op("/rounds", "post", "Open a round (office of unitId): the month, the due day, the units that must report.", dict(ok("RoundDetail", "201", "Opened"), **WRITE_ERR), requestBody=body("RoundCreate"), tags=["rounds"])
op("/rounds/{id}", "get", "A round with the returns in the caller's scope.", dict(ok("RoundDetail"), **ERR), params=[idp()], tags=["rounds"])
op("/rounds/{id}/returns/{returnId}", "get", "One unit's return.", dict(ok("Return"), **ERR), params=rp, tags=["rounds"])
op("/rounds/{id}/returns/{returnId}", "patch", "Write the return (liaison, unit leader) while it is not filed or was sent back; needs its version.", dict(ok("Return"), **WRITE_ERR), params=rp, requestBody=body("ReturnUpdate"), tags=["rounds"])
op("/rounds/{id}/returns/{returnId}/file", "post", "File the return (报送): the unit leader's sign-off; the unit's ledger figures go with it.", dict(ok("Return"), **WRITE_ERR), params=rp, requestBody=body("ReturnDecision"), tags=["rounds"])
op("/rounds/{id}/returns/{returnId}/accept", "post", "Accept a filed return (office or supervision of the unit that opened the round; not the filer).", dict(ok("Return"), **WRITE_ERR), params=rp, requestBody=body("ReturnDecision"), tags=["rounds"])
op("/rounds/{id}/returns/{returnId}/return", "post", "Send a filed return back with a reason; the unit writes and files it again.", dict(ok("Return"), **WRITE_ERR), params=rp, requestBody=body("ReturnDecision"), tags=["rounds"])

doc = {
    "openapi": "3.1.0",
    "info": {"title": "Taizhang 台账 API", "version": "1.0.0", "description": "The rectification ledger: units, campaigns, problems, their measures, progress notes, evidence, deadline changes, monthly rounds and their returns, and audit history. Every read and write is limited to the caller's scope (a unit and everything below it); items outside it answer 404. Errors are RFC 9457 problem documents in Chinese (`detail`, `zh`) and English (`en`); send `Accept-Language: en` for English `detail`."},
    "servers": [{"url": "http://127.0.0.1:8080"}],
    "security": [{"bearer": []}],
    "paths": paths,
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}, "schemas": schemas},
}
import os
json.dump(doc, open(os.path.join(os.path.dirname(__file__), "../../Sources/TaizhangWeb/openapi.json"), "w"), ensure_ascii=False, indent=1)
print(len(paths), "paths")
