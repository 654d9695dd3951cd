"""The HTTP API against openapi.yaml: the spec is valid OpenAPI 3.1, and every answer of the real server — success
and error — matches the schema documented for its operation and status. The last test checks that every
documented operation, status and media type was exercised.

Run from the repository root:  python3 -m pytest Tests/Contract -q -p no:cacheprovider
"""
import io
import re
import stat
import time
import uuid
import zipfile

import pytest
from openapi_spec_validator import validate as validate_openapi

import os

from conftest import Client, ServerProcess, psql, require_binary

COURSE = "cafe-associatif"
SCO1 = "SCO-accueil"
SCO2 = "SCO-animer"
LEARNERS = "/api/v1/learners"
TOKENS = "/api/v1/learners/{learnerId}/tokens"
ADMIN_ATTENDANCE = "/api/v1/learners/{learnerId}/attendance"
COURSES = "/api/v1/courses"
VERSIONS = "/api/v1/courses/{courseId}/versions"
ENROLLMENTS = "/api/v1/courses/{courseId}/enrollments"
REPORT = "/api/v1/reports/courses/{courseId}"
ME = "/api/v1/me"
MY_COURSES = "/api/v1/me/courses"
PROGRESS = "/api/v1/me/courses/{courseId}/progress"
MY_ATTENDANCE = "/api/v1/me/courses/{courseId}/attendance"
STATE = "/api/v1/me/courses/{courseId}/scos/{scoId}/state"
COMMITS = "/api/v1/me/courses/{courseId}/scos/{scoId}/commits"
HEARTBEAT = "/api/v1/me/courses/{courseId}/scos/{scoId}/heartbeat"
SYNC = "/api/v1/me/sync"


# ---------------------------------------------------------------------------------------------------------------
# Helpers

def new_learner(api, admin, name, email=None):
    body = {"name": name} if email is None else {"name": name, "email": email}
    return api.call("POST", LEARNERS, token=admin, json_body=body, expect=201).body


def enroll(api, admin, learner_id, course=COURSE, expect=201):
    return api.call("POST", ENROLLMENTS, token=admin, path={"courseId": course}, json_body={"learnerId": learner_id},
                    expect=expect).body


def enrolled_learner(api, admin, name):
    learner = new_learner(api, admin, name)
    enroll(api, admin, learner["id"])
    return learner


def commit(api, token, values, *, seq, sco=SCO1, course=COURSE, attempt=1, batch_id=None, expect=200):
    batch = {"id": batch_id or str(uuid.uuid4()), "attempt": attempt, "seq": seq, "values": values}
    return api.call("POST", COMMITS, token=token, path={"courseId": course, "scoId": sco}, json_body=batch,
                    expect=expect)


def state(api, token, sco=SCO1, course=COURSE):
    return api.call("GET", STATE, token=token, path={"courseId": course, "scoId": sco}, expect=200).body


def error_code(response):
    return response.body["error"]["code"]


def error_message(response):
    return response.body["error"]["message"]


def make_zip(entries):
    """entries: (name, bytes) or (name, bytes, {"mode": int, "deflate": bool})."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry in entries:
            name, data = entry[0], entry[1]
            options = entry[2] if len(entry) > 2 else {}
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = (options.get("mode", 0o100644) & 0xFFFF) << 16
            info.compress_type = zipfile.ZIP_DEFLATED if options.get("deflate") else zipfile.ZIP_STORED
            archive.writestr(info, data)
    return buffer.getvalue()


MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-tiers" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG"><organization identifier="ORG"><title>Tiers</title>
    <item identifier="ITEM1" identifierref="RES1"><title>Un</title><adlcp:masteryscore>80</adlcp:masteryscore></item>
  </organization></organizations>
  <resources><resource identifier="RES1" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/></resource></resources>
</manifest>
"""


MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-autre" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="ORG"><organization identifier="ORG"><title>Autre</title>
    <item identifier="ITEM1" identifierref="RES1"><title>Un</title></item>
  </organization></organizations>
  <resources><resource identifier="RES1" type="webcontent" adlcp:scormType="sco" href="index.html">
    <file href="index.html"/></resource></resources>
</manifest>
"""


def third_party_package(extra=(), manifest=MANIFEST_12):
    return make_zip([("imsmanifest.xml", manifest.encode()),
                     ("index.html", b"<html><body>SCO</body></html>"), *extra])


# ---------------------------------------------------------------------------------------------------------------
# The spec itself

def test_spec_is_valid_openapi_31(spec, contract):
    validate_openapi(spec)
    assert spec["openapi"].startswith("3.1."), "the contract is OpenAPI 3.1"
    assert "bearerAuth" in spec["components"]["securitySchemes"]
    seen = set()
    for template, method, op in contract.operations():
        where = f"{method.upper()} {template}"
        assert op.get("operationId") and op["operationId"] not in seen, f"{where}: missing or duplicate operationId"
        seen.add(op["operationId"])
        auth = op.get("x-portail-auth")
        assert auth in ("admin", "learner", "none"), f"{where}: x-portail-auth must say which token it needs"
        if auth == "none":
            assert op.get("security") == [], f"{where}: an open route must clear security"
        else:
            assert template.startswith("/api/v1/"), where
            assert "security" not in op, f"{where}: API routes use the global bearerAuth"
            for status in ("401", "403", "500"):
                assert status in op["responses"], f"{where} does not document {status}"
        for status in op["responses"]:
            response, ptr = contract.follow(contract.pointer("paths", template, method, "responses", status))
            for media, content in (response.get("content") or {}).items():
                assert "schema" in content, f"{where} {status} {media} has no schema"
    # Every $ref in the document resolves.
    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "$ref":
                    assert value.startswith("#/"), value
                    contract.resolve(value[1:])
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(spec)
    # Every schema in components that the server sends is closed; request bodies are open (unknown fields ignored).
    open_by_design = {"NewLearner", "NewEnrollment", "CommitBatch", "SyncBatch", "SyncRequest", "CMIValues"}
    for name, schema in spec["components"]["schemas"].items():
        if schema.get("type") == "object" and name not in open_by_design:
            assert schema.get("additionalProperties") is False, f"components/schemas/{name} should be closed"


# ---------------------------------------------------------------------------------------------------------------
# Shared learners

@pytest.fixture(scope="module")
def world(api, admin):
    alice = enrolled_learner(api, admin, "Alice")
    bob = new_learner(api, admin, "Bob", email="bob@example.org")
    commit(api, alice["token"], {"cmi.location": "secret-d-alice", "cmi.completion_status": "incomplete"}, seq=1)
    return {"alice": alice, "bob": bob}


# ---------------------------------------------------------------------------------------------------------------
# Health and authorization

def test_health(api):
    response = api.call("GET", "/health", expect=200)
    assert response.body == {"status": "ok"}


def test_authorization_matrix(api, admin, world, contract):
    """Every API operation: no token, a bad token or a non-bearer header → 401; the wrong kind of token → 403."""
    alice = world["alice"]
    values = {"learnerId": alice["id"], "courseId": COURSE, "scoId": SCO1}
    checked = 0
    for template, method, op in contract.operations():
        auth = op["x-portail-auth"]
        if auth == "none":
            continue
        path = {name: values[name] for name in re.findall(r"{(\w+)}", template)}
        body = {} if method in ("post", "put", "patch") and template != COURSES else None
        for authorization in (None, "Bearer not-a-token", "Basic YWRtaW46YWRtaW4=", "Bearer "):
            response = api.call(method.upper(), template, authorization=authorization, path=path, json_body=body,
                                expect=401)
            assert error_code(response) == "unauthorized"
        wrong = alice["token"] if auth == "admin" else admin
        response = api.call(method.upper(), template, token=wrong, path=path, json_body=body, expect=403)
        assert error_code(response) == "forbidden"
        checked += 1
    assert checked >= 18


def test_learners_only_reach_their_own_data(api, admin, world):
    bob = world["bob"]
    # Bob is not enrolled: Alice's course is not his, whatever its state.
    for template in (PROGRESS, MY_ATTENDANCE):
        response = api.call("GET", template, token=bob["token"], path={"courseId": COURSE}, expect=404)
        assert error_message(response) == f"not enrolled in '{COURSE}'"
    api.call("GET", STATE, token=bob["token"], path={"courseId": COURSE, "scoId": SCO1}, expect=404)
    commit(api, bob["token"], {"cmi.location": "bob"}, seq=9, expect=404)
    api.call("POST", HEARTBEAT, token=bob["token"], path={"courseId": COURSE, "scoId": SCO1}, expect=404)
    mine = api.call("GET", MY_COURSES, token=bob["token"], expect=200).body
    assert mine == []
    # Once enrolled, he sees his own (empty) state, never Alice's.
    carol = enrolled_learner(api, admin, "Carol")
    own = api.call("GET", STATE, token=carol["token"], path={"courseId": COURSE, "scoId": SCO1}, expect=200)
    assert own.body == {"attempt": 0, "seq": 0, "values": {}}
    assert "secret-d-alice" not in own.text


# ---------------------------------------------------------------------------------------------------------------
# Admin: learners and tokens

def test_create_and_list_learners(api, admin):
    with_email = new_learner(api, admin, "  Dana  ", email="dana@example.org")
    assert with_email["name"] == "Dana"
    assert with_email["email"] == "dana@example.org"
    without = new_learner(api, admin, "Émile")
    assert "email" not in without, "an optional property without a value is left out"

    for body, message in (({"name": "   "}, "'name' must be 1 to 200 characters"),
                          ({"name": "x" * 201}, "'name' must be 1 to 200 characters"),
                          ({}, "missing field 'name'"),
                          ({"name": 3}, None),
                          ({"name": "Zoé", "email": "not-an-address"}, "'email' is not an e-mail address")):
        response = api.call("POST", LEARNERS, token=admin, json_body=body, expect=400)
        assert error_code(response) == "bad_request"
        if message:
            assert error_message(response) == message
    response = api.call("POST", LEARNERS, token=admin, data=b"{nope", content_type="application/json", expect=400)
    assert error_message(response) == "the body is not valid JSON"
    big = b'{"name": "' + b"x" * (1 << 20) + b'"}'
    response = api.call("POST", LEARNERS, token=admin, data=big, content_type="application/json", expect=413)
    assert error_code(response) == "body_too_large"

    listed = api.call("GET", LEARNERS, token=admin, expect=200)
    ids = [learner["id"] for learner in listed.body]
    assert with_email["id"] in ids and without["id"] in ids
    assert with_email["token"] not in listed.text and "hash" not in listed.text and "token" not in listed.text


def test_tokens_are_issued_and_revoked(api, admin):
    learner = new_learner(api, admin, "Farid")
    first = learner["token"]
    assert api.call("GET", ME, token=first, expect=200).body["name"] == "Farid"
    second = api.call("POST", TOKENS, token=admin, path={"learnerId": learner["id"]}, expect=201).body["token"]
    assert second != first
    assert api.call("GET", ME, token=second, expect=200).body["id"] == learner["id"]
    assert api.call("GET", ME, token=first, expect=200).body["id"] == learner["id"], "issuing keeps the others"

    api.call("DELETE", TOKENS, token=admin, path={"learnerId": learner["id"]}, expect=204)
    for token in (first, second):
        assert error_code(api.call("GET", ME, token=token, expect=401)) == "unauthorized"
    third = api.call("POST", TOKENS, token=admin, path={"learnerId": learner["id"]}, expect=201).body["token"]
    assert api.call("GET", ME, token=third, expect=200).body["name"] == "Farid"

    for method in ("POST", "DELETE"):
        response = api.call(method, TOKENS, token=admin, path={"learnerId": "nobody"}, expect=404)
        assert error_message(response) == "no learner 'nobody'"


def test_signin_links(api, admin):
    learner = new_learner(api, admin, "Gaëlle")
    link = api.call("POST", "/api/v1/learners/{learnerId}/signin-links", token=admin,
                    path={"learnerId": learner["id"]}, expect=201).body
    assert "/signin/link_" in link["url"]
    response = api.call("POST", "/api/v1/learners/{learnerId}/signin-links", token=admin,
                        path={"learnerId": "nobody"}, expect=404)
    assert error_message(response) == "no learner 'nobody'"


# ---------------------------------------------------------------------------------------------------------------
# Admin: courses, packages, enrollments

def test_courses_and_versions(api, admin):
    courses = api.call("GET", COURSES, token=admin, expect=200).body
    sample = next(course for course in courses if course["id"] == COURSE)
    assert sample["version"] == 1
    assert sample["standard"] == "scorm2004"
    assert sample["label"] == "1.2.0"
    assert [sco["id"] for sco in sample["scos"]] == [SCO1, SCO2]
    versions = api.call("GET", VERSIONS, token=admin, path={"courseId": COURSE}, expect=200).body
    assert [version["version"] for version in versions] == [1]
    response = api.call("GET", VERSIONS, token=admin, path={"courseId": "no-such-course"}, expect=404)
    assert error_message(response) == "no course 'no-such-course'"


def upload(api, admin, data, expect, content_type="application/zip", query=None):
    return api.call("POST", COURSES, token=admin, data=data, content_type=content_type, query=query, expect=expect)


def test_import_a_third_party_package(api, admin):
    created = upload(api, admin, third_party_package(), 201).body
    assert created["id"] == "tiers" and created["version"] == 1 and created["standard"] == "scorm12"
    assert created["scos"] == [{"id": "ITEM1", "title": "Un"}]
    assert "label" not in created
    again = upload(api, admin, third_party_package(), 200).body
    assert again == created, "the same bytes are the same version"
    renamed = upload(api, admin, third_party_package(), 201, content_type="application/x-zip-compressed",
                     query={"id": "tiers-bis"}).body
    assert renamed["id"] == "tiers-bis"
    changed = upload(api, admin, third_party_package([("extra.txt", b"v2")]), 201,
                     content_type="application/octet-stream").body
    assert changed["id"] == "tiers" and changed["version"] == 2
    versions = api.call("GET", VERSIONS, token=admin, path={"courseId": "tiers"}, expect=200).body
    assert [version["version"] for version in versions] == [1, 2]

    learner = new_learner(api, admin, "Hugo")
    enrollment = enroll(api, admin, learner["id"], course="tiers")
    assert enrollment["version"] == 2
    result = commit(api, learner["token"], {"cmi.core.lesson_status": "completed", "cmi.core.score.raw": "85"},
                    seq=1, course="tiers", sco="ITEM1").body
    assert result["applied"] is True
    progress = api.call("GET", PROGRESS, token=learner["token"], path={"courseId": "tiers"}, expect=200).body
    assert progress["scos"][0]["completion"] == "completed"
    assert progress["scos"][0]["success"] == "passed", "mastery score 80 decides for a completed SCO scoring 85"


HOSTILE = [
    ("zip-slip", "unsafe_package", "would escape the package folder",
     lambda: third_party_package([("../../evil.sh", b"x")])),
    ("absolute path", "unsafe_package", "has an absolute path",
     lambda: third_party_package([("/etc/cron.d/evil", b"x")])),
    ("symbolic link", "unsafe_package", "is a symbolic link",
     lambda: third_party_package([("link", b"/etc/passwd", {"mode": stat.S_IFLNK | 0o777})])),
    ("zip bomb ratio", "unsafe_package", "a zip bomb?",
     lambda: third_party_package([("zeros.bin", bytes(4 << 20), {"deflate": True})])),
    ("not a zip", "unsafe_package", "not a zip archive",
     lambda: b"just text pretending to be a zip archive, long enough to be checked"),
    ("truncated zip", "unsafe_package", "truncated or corrupt", lambda: third_party_package()[:-30]),
    ("no manifest", "invalid_package", "no imsmanifest.xml at its root",
     lambda: make_zip([("index.html", b"x")])),
    ("launch file missing", "invalid_package", "which is not in the zip",
     lambda: make_zip([("imsmanifest.xml", MANIFEST_12.encode())])),
    ("entity declarations", "invalid_manifest", "declares a DTD or entities",
     lambda: third_party_package(manifest='<?xml version="1.0"?><!DOCTYPE manifest [<!ENTITY a "aaaa">]>'
                                          '<manifest identifier="m"><title>&a;</title></manifest>')),
    ("external DTD", "invalid_manifest", "declares a DTD or entities",
     lambda: third_party_package(manifest='<?xml version="1.0"?><!DOCTYPE m SYSTEM "http://127.0.0.1:1/x.dtd">'
                                          '<manifest/>')),
    ("not XML", "invalid_manifest", "not well-formed", lambda: third_party_package(manifest="<manifest")),
]


@pytest.mark.parametrize("name,code,fragment,build", HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_packages_are_refused(api, admin, name, code, fragment, build):
    response = upload(api, admin, build(), 422)
    assert error_code(response) == code
    assert fragment in error_message(response)


def test_package_upload_errors(api, admin, small_api, small_upload_server):
    response = upload(api, admin, third_party_package(), 422, query={"id": "Not_A_Valid_Id"})
    assert error_code(response) == "invalid_course_id"
    for content_type in ("application/json", "text/plain", None):
        response = api.call("POST", COURSES, token=admin, data=third_party_package(), content_type=content_type,
                            expect=415)
        assert error_code(response) == "unsupported_media_type"
    small = small_api
    token = small_upload_server.admin_token
    response = upload(small, token, b"PK" + bytes((1 << 20) - 1), 413)
    assert error_code(response) == "body_too_large"
    assert "1048576" in error_message(response)
    assert small.call("GET", COURSES, token=token, expect=200).body == [], "nothing was registered"


def test_enrollments(api, admin):
    learner = new_learner(api, admin, "Inès")
    first = enroll(api, admin, learner["id"])
    assert first["learnerId"] == learner["id"] and first["courseId"] == COURSE and first["version"] == 1
    again = enroll(api, admin, learner["id"], expect=200)
    assert again == first, "enrolling again returns the existing enrollment"
    response = api.call("POST", ENROLLMENTS, token=admin, path={"courseId": COURSE}, json_body={"learnerId": "nobody"},
                        expect=404)
    assert error_message(response) == "no learner 'nobody'"
    response = api.call("POST", ENROLLMENTS, token=admin, path={"courseId": "no-such-course"},
                        json_body={"learnerId": learner["id"]}, expect=404)
    assert error_message(response) == "no course 'no-such-course'"
    response = api.call("POST", ENROLLMENTS, token=admin, path={"courseId": COURSE}, json_body={}, expect=400)
    assert error_message(response) == "missing field 'learnerId'"
    big = b'{"learnerId": "' + b"x" * (1 << 20) + b'"}'
    api.call("POST", ENROLLMENTS, token=admin, path={"courseId": COURSE}, data=big, content_type="application/json",
             expect=413)


# ---------------------------------------------------------------------------------------------------------------
# Learner: state, commits, heartbeats, progress

def test_the_learner_flow(api, admin):
    learner = enrolled_learner(api, admin, "Jade")
    token = learner["token"]
    assert api.call("GET", ME, token=token, expect=200).body["id"] == learner["id"]
    mine = api.call("GET", MY_COURSES, token=token, expect=200).body
    assert [course["id"] for course in mine] == [COURSE]
    assert mine[0]["progress"]["status"] == "not-started"
    assert mine[0]["progress"]["totalSCOs"] == 2
    assert state(api, token) == {"attempt": 0, "seq": 0, "values": {}}

    first = commit(api, token, {"cmi.completion_status": "incomplete", "cmi.location": "lieu",
                                "cmi.suspend_data": "1|3|-0|", "cmi.exit": "suspend"}, seq=1).body
    assert first == {"applied": True, "errors": []}
    current = state(api, token)
    assert current["attempt"] == 1 and current["seq"] == 1
    assert current["values"]["cmi.location"] == "lieu"

    second = commit(api, token, {"cmi.completion_status": "completed", "cmi.success_status": "passed",
                                 "cmi.score.scaled": "0.8", "cmi.score.raw": "80", "cmi.score.min": "0",
                                 "cmi.score.max": "100"}, seq=2).body
    assert second["applied"] is True
    progress = api.call("GET", PROGRESS, token=token, path={"courseId": COURSE}, expect=200).body
    assert progress["status"] == "in-progress" and progress["completedSCOs"] == 1
    assert progress["scos"][0]["completion"] == "completed" and progress["scos"][0]["success"] == "passed"
    assert progress["scos"][0]["score"] == 80
    assert progress["scos"][1]["completion"] == "not attempted" and progress["scos"][1]["attempt"] == 0
    response = api.call("GET", PROGRESS, token=token, path={"courseId": "no-such-course"}, expect=404)
    assert error_message(response) == "not enrolled in 'no-such-course'"
    response = api.call("GET", STATE, token=token, path={"courseId": COURSE, "scoId": "SCO-nope"}, expect=404)
    assert error_code(response) == "not_found"


def test_a_retried_batch_is_applied_once_and_answered_the_same(api, admin):
    learner = enrolled_learner(api, admin, "Kofi")
    batch_id = str(uuid.uuid4())
    first = commit(api, learner["token"], {"cmi.location": "bienvenue"}, seq=1, batch_id=batch_id)
    retry = commit(api, learner["token"], {"cmi.location": "bienvenue"}, seq=1, batch_id=batch_id)
    assert retry.text == first.text
    # Same id, other content: still the first answer, and nothing changes.
    replay = commit(api, learner["token"], {"cmi.location": "ailleurs"}, seq=7, batch_id=batch_id)
    assert replay.text == first.text
    assert state(api, learner["token"])["values"]["cmi.location"] == "bienvenue"


def test_an_older_sequence_never_overwrites_a_newer_one(api, admin):
    learner = enrolled_learner(api, admin, "Lina")
    token = learner["token"]
    commit(api, token, {"cmi.location": "quiz", "cmi.completion_status": "completed"}, seq=5)
    late = commit(api, token, {"cmi.location": "lieu", "cmi.suspend_data": "ancien"}, seq=3).body
    assert late == {"applied": True, "errors": []}, "the element nobody newer set is still applied"
    stale = commit(api, token, {"cmi.location": "bienvenue"}, seq=2).body
    assert stale == {"applied": False, "errors": []}, "a superseded element is not an error"
    current = state(api, token)
    assert current["seq"] == 5
    assert current["values"]["cmi.location"] == "quiz"
    assert current["values"]["cmi.suspend_data"] == "ancien"


def test_invalid_elements_are_reported_with_the_standards_codes(api, admin):
    learner = enrolled_learner(api, admin, "Malo")
    result = commit(api, learner["token"], {
        "cmi.location": "lieu",                 # valid
        "cmi.completion_status": "finished",    # vocabulary → 406
        "cmi.score.scaled": "1.5",              # range → 407
        "cmi.total_time": "PT1H",               # read-only → 404
        "cmi.nonsense": "x",                    # undefined → 401
    }, seq=1).body
    assert result["applied"] is True, "the valid sibling is applied"
    codes = {error["element"]: error["code"] for error in result["errors"]}
    assert codes == {"cmi.completion_status": 406, "cmi.score.scaled": 407, "cmi.total_time": 404,
                     "cmi.nonsense": 401}
    values = state(api, learner["token"])["values"]
    assert values.get("cmi.location") == "lieu" and "cmi.completion_status" not in values
    refused = commit(api, learner["token"], {"cmi.nonsense": "y"}, seq=2).body
    assert refused["applied"] is False and refused["errors"][0]["code"] == 401


def test_scores_stay_within_0_and_100(api, admin):
    # A course of its own, so that the shared course's report is not affected.
    upload(api, admin, third_party_package(manifest=MANIFEST_2004), 201, query={"id": "scores"})
    learner = new_learner(api, admin, "Rémi")
    enroll(api, admin, learner["id"], course="scores")
    result = commit(api, learner["token"], {"cmi.score.raw": "150", "cmi.score.min": "10", "cmi.score.max": "10"},
                    seq=1, course="scores", sco="ITEM1").body
    assert result == {"applied": True, "errors": []}
    # The response schema says 0-100, and the raw score is clamped to it.
    progress = api.call("GET", PROGRESS, token=learner["token"], path={"courseId": "scores"}, expect=200).body
    assert progress["scos"][0]["score"] == 100


def test_an_acknowledged_value_is_stored_exactly(api, admin):
    learner = enrolled_learner(api, admin, "Sacha")
    value = "avant\u0000apres"
    result = commit(api, learner["token"], {"cmi.suspend_data": value}, seq=1).body
    # A NUL would be cut by SQLite: the element is refused with the type-mismatch code, never half-stored.
    assert result["errors"] == [{"element": "cmi.suspend_data", "code": 406,
                                 "message": "cmi.suspend_data must not contain a NUL character"}]
    assert "cmi.suspend_data" not in state(api, learner["token"])["values"]


def test_commit_bad_requests(api, admin, world):
    token = enrolled_learner(api, admin, "Nour")["token"]
    where = {"courseId": COURSE, "scoId": SCO1}
    for body, message in (({"id": "x", "seq": 1, "values": {}}, "missing field 'attempt'"),
                          ({"id": "x", "attempt": 1, "seq": 1, "values": {"cmi.location": 3}}, None),
                          ({"id": "", "attempt": 1, "seq": 1, "values": {}}, "'id' must be 1 to 100 characters"),
                          ({"id": "x" * 101, "attempt": 1, "seq": 1, "values": {}}, "'id' must be 1 to 100 characters"),
                          ({"id": "x", "attempt": 0, "seq": 1, "values": {}}, "'attempt' must be between 1 and 10000"),
                          ({"id": "x", "attempt": 1, "seq": -1, "values": {}}, "'seq' must not be negative"),
                          ({"id": "x", "attempt": 1, "seq": 1,
                            "values": {f"cmi.interactions.{i}.id": "q" for i in range(2001)}},
                           "at most 2000 elements per batch")):
        response = api.call("POST", COMMITS, token=token, path=where, json_body=body, expect=400)
        assert error_code(response) == "bad_request"
        if message:
            assert error_message(response) == message
    for raw in (b"{nope", b"", b"[]"):
        api.call("POST", COMMITS, token=token, path=where, data=raw, content_type="application/json", expect=400)
    huge = {"id": "x", "attempt": 1, "seq": 1, "values": {"cmi.suspend_data": "x" * 300_000}}
    response = api.call("POST", COMMITS, token=token, path=where, json_body=huge, expect=413)
    assert "262144" in error_message(response)
    commit(api, token, {}, seq=1, sco="SCO-nope", expect=404)
    commit(api, world["bob"]["token"], {}, seq=1, expect=404)


def test_heartbeats_and_time_on_task(api, admin):
    learner = enrolled_learner(api, admin, "Oscar")
    token = learner["token"]
    where = {"courseId": COURSE, "scoId": SCO2}
    api.call("POST", HEARTBEAT, token=token, path=where, expect=204)
    time.sleep(1.2)
    api.call("POST", HEARTBEAT, token=token, path=where, expect=204)
    api.call("POST", HEARTBEAT, token=token, path={"courseId": COURSE, "scoId": "SCO-nope"}, expect=404)
    progress = api.call("GET", PROGRESS, token=token, path={"courseId": COURSE}, expect=200).body
    assert 1.0 <= progress["timeOnTaskSeconds"] < 60, "measured by the server between two events"
    assert progress["status"] == "not-started", "a heartbeat alone starts nothing"


# ---------------------------------------------------------------------------------------------------------------
# Learner: offline sync

def test_offline_sync(api, admin, world):
    token = enrolled_learner(api, admin, "Paz")["token"]
    tag = uuid.uuid4().hex[:8]
    batches = [
        {"courseId": COURSE, "scoId": SCO1, "id": f"{tag}-1", "attempt": 1, "seq": 1,
         "values": {"cmi.location": "bienvenue"}},
        {"courseId": COURSE, "scoId": SCO2, "id": f"{tag}-2", "attempt": 1, "seq": 1,
         "values": {"cmi.location": "atelier", "cmi.exit": "bogus"}},
        {"courseId": COURSE, "scoId": SCO1, "id": f"{tag}-3", "attempt": 1, "seq": 2,
         "values": {"cmi.location": "lieu"}},
        {"courseId": "autre-cours", "scoId": "x", "id": f"{tag}-4", "attempt": 1, "seq": 1, "values": {}},
        {"courseId": COURSE, "scoId": "SCO-nope", "id": f"{tag}-5", "attempt": 1, "seq": 1, "values": {}},
        {"courseId": COURSE, "scoId": SCO1, "id": f"{tag}-6", "attempt": 0, "seq": 3, "values": {}},
    ]
    # The last batch breaks the documented bounds on purpose: it is refused alone, the request is not.
    api.contract.check_request("POST", SYNC, {"batches": batches[:-1]})
    reply = api.call("POST", SYNC, token=token, json_body={"batches": batches}, expect=200, check_request=False)
    results = reply.body["results"]
    assert [result["id"] for result in results] == [batch["id"] for batch in batches]
    assert [result["applied"] for result in results] == [True, True, True, False, False, False]
    assert all("error" not in result for result in results[:3])
    assert [error["element"] for error in results[1]["errors"]] == ["cmi.exit"], "refused alone, siblings applied"
    assert results[3]["error"] == "not enrolled in 'autre-cours'"
    assert "SCO-nope" in results[4]["error"]
    assert results[5]["error"] == "'attempt' must be between 1 and 10000"
    again = api.call("POST", SYNC, token=token, json_body={"batches": batches}, expect=200, check_request=False)
    assert again.text == reply.text, "a replayed outbox changes nothing and gets the same answers"
    assert state(api, token)["values"]["cmi.location"] == "lieu"
    assert state(api, token, sco=SCO2)["values"]["cmi.location"] == "atelier"

    assert api.call("POST", SYNC, token=token, json_body={"batches": []}, expect=200).body == {"results": []}
    many = [dict(batches[0], id=f"{tag}-many-{i}") for i in range(1001)]
    response = api.call("POST", SYNC, token=token, json_body={"batches": many}, expect=400)
    assert error_message(response) == "at most 1000 batches per sync"
    api.call("POST", SYNC, token=token, json_body={"batch": []}, expect=400)
    api.call("POST", SYNC, token=token, json_body={"batches": [{"courseId": COURSE}]}, expect=400)
    huge = b'{"batches": [' + b" " * (8 << 20) + b"]}"
    response = api.call("POST", SYNC, token=token, data=huge, content_type="application/json", expect=413)
    assert "8388608" in error_message(response)


# ---------------------------------------------------------------------------------------------------------------
# Attendance and reports

def test_attendance(api, admin, world):
    alice = world["alice"]
    mine = api.call("GET", MY_ATTENDANCE, token=alice["token"], path={"courseId": COURSE}, expect=200).body
    assert mine["learnerId"] == alice["id"] and mine["courseId"] == COURSE and len(mine["days"]) >= 1
    csv = api.call("GET", MY_ATTENDANCE, token=alice["token"], path={"courseId": COURSE}, query={"format": "csv"},
                   expect=200)
    assert csv.text.startswith("learner,course,date,first_activity,last_activity,minutes\r\nAlice,cafe-associatif,")
    assert csv.headers["Content-Disposition"] == f'attachment; filename="{COURSE}-attendance.csv"'
    api.call("GET", MY_ATTENDANCE, token=alice["token"], path={"courseId": "no-such-course"}, expect=404)

    by_admin = api.call("GET", ADMIN_ATTENDANCE, token=admin, path={"learnerId": alice["id"]},
                        query={"courseId": COURSE}, expect=200).body
    assert by_admin == mine
    csv = api.call("GET", ADMIN_ATTENDANCE, token=admin, path={"learnerId": alice["id"]},
                   query={"courseId": COURSE, "format": "csv"}, expect=200)
    assert csv.text.count("\r\n") == 1 + len(mine["days"])
    response = api.call("GET", ADMIN_ATTENDANCE, token=admin, path={"learnerId": alice["id"]}, expect=400)
    assert error_message(response) == "the 'courseId' query parameter is required"
    api.call("GET", ADMIN_ATTENDANCE, token=admin, path={"learnerId": "nobody"}, query={"courseId": COURSE},
             expect=404)
    api.call("GET", ADMIN_ATTENDANCE, token=admin, path={"learnerId": world["bob"]["id"]},
             query={"courseId": COURSE}, expect=404)


def test_reports(api, admin, world):
    learner = enrolled_learner(api, admin, "Quentin")
    commit(api, learner["token"], {"cmi.completion_status": "completed", "cmi.success_status": "passed",
                                   "cmi.score.scaled": "0.5", "cmi.interactions.0.id": "contract-q1",
                                   "cmi.interactions.0.type": "true-false", "cmi.interactions.0.result": "correct",
                                   "cmi.interactions.1.id": "contract-q2", "cmi.interactions.1.type": "choice",
                                   "cmi.interactions.1.result": "incorrect"}, seq=1)
    report = api.call("GET", REPORT, token=admin, path={"courseId": COURSE}, expect=200).body
    assert report["courseId"] == COURSE and report["version"] == 1
    assert report["enrolled"] >= 2 and report["started"] >= 1
    assert [step["scoId"] for step in report["funnel"]] == [SCO1, SCO2]
    rates = {question["interactionId"]: question["successRate"] for question in report["questions"]}
    assert rates.get("contract-q1") == 1 and rates.get("contract-q2") == 0
    line = next(line for line in report["learners"] if line["learnerId"] == learner["id"])
    assert line["status"] == "in-progress" and line["score"] == 50
    assert api.call("GET", REPORT, token=admin, path={"courseId": COURSE}, query={"version": 1}, expect=200).body \
        ["courseId"] == COURSE
    csv = api.call("GET", REPORT, token=admin, path={"courseId": COURSE}, query={"format": "csv"}, expect=200)
    assert csv.text.startswith("kind,id,name,status,success,score,time_on_task_s,last_access\r\n"
                               f"course,{COURSE},Animer un café associatif,version 1,,,,\r\nsummary,enrolled,")
    assert "\r\nsummary,completed," in csv.text and "\r\nsummary,median_score,,,," in csv.text
    bad_version = api.call("GET", REPORT, token=admin, path={"courseId": COURSE}, query={"version": "abc"}, expect=400)
    assert error_message(bad_version) == "'version' must be a positive whole number, found 'abc'"
    assert f"\r\nlearner,{learner['id']},Quentin,in-progress,unknown,50.0," in csv.text
    assert csv.headers["Content-Disposition"] == f'attachment; filename="{COURSE}-v1-report.csv"'
    response = api.call("GET", REPORT, token=admin, path={"courseId": COURSE}, query={"version": 99}, expect=404)
    assert error_message(response) == f"no course '{COURSE}' version 99"
    api.call("GET", REPORT, token=admin, path={"courseId": "no-such-course"}, expect=404)


# ---------------------------------------------------------------------------------------------------------------
# The database file deleted under the server: every write is refused with 503, none acknowledged

def test_writes_answer_503_once_the_database_is_gone(workdir, contract):
    """SQLite: the file deleted under the server. PostgreSQL: the database refusing every connection."""
    require_binary()
    server = ServerProcess(workdir / "gone")
    server.start()
    try:
        api = Client(server, contract)
        admin = server.admin_token
        learner = enrolled_learner(api, admin, "Avant")
        if server.postgres:
            name = server.postgres.rsplit("/", 1)[1]
            psql(os.environ["PORTAIL_TEST_POSTGRES_URL"],
                 f"ALTER DATABASE {name} ALLOW_CONNECTIONS false; "
                 f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
        else:
            server.database.unlink()
        body = {"id": str(uuid.uuid4()), "attempt": 1, "seq": 1, "values": {"cmi.location": "p1"}}
        path = {"courseId": COURSE, "scoId": SCO1}
        refused = [
            api.call("POST", LEARNERS, token=admin, json_body={"name": "Après"}, expect=503),
            api.call("POST", TOKENS, token=admin, path={"learnerId": learner["id"]}, expect=503),
            api.call("DELETE", TOKENS, token=admin, path={"learnerId": learner["id"]}, expect=503),
            api.call("POST", "/api/v1/learners/{learnerId}/signin-links", token=admin, path={"learnerId": learner["id"]},
                     expect=503),
            api.call("POST", ENROLLMENTS, token=admin, path={"courseId": COURSE}, json_body={"learnerId": learner["id"]},
                     expect=503),
            api.call("POST", COURSES, token=admin, data=third_party_package(), content_type="application/zip", expect=503),
            api.call("POST", COMMITS, token=learner["token"], path=path, json_body=body, expect=503),
            api.call("POST", HEARTBEAT, token=learner["token"], path=path, expect=503),
            api.call("POST", SYNC, token=learner["token"], json_body={"batches": [dict(body, courseId=COURSE, scoId=SCO1)]},
                     expect=503),
        ]
        for response in refused:
            assert response.body["error"]["code"] == "unavailable"
            assert response.headers.get("Retry-After")
        health = api.call("GET", "/health", expect=503)
        assert health.body["status"] == "degraded" and health.body["reason"] and health.headers.get("Retry-After")
        if not server.postgres:
            assert "was deleted or replaced" in server.stderr_text()
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------------------------
# Outside the documented paths

def test_unknown_routes_answer_404_in_the_error_format(api, admin, contract):
    for method, path in (("GET", "/api/v1/nothing-here"), ("PUT", COURSES), ("DELETE", ME), ("GET", "/nothing")):
        response = api.raw(method, path, headers={"Authorization": f"Bearer {admin}"})
        assert response.status_code == 404, f"{method} {path}: {response.status_code}"
        contract.validate("/components/schemas/Error", response.json(), f"{method} {path}")
        assert response.json()["error"]["code"] == "not_found"


# ---------------------------------------------------------------------------------------------------------------
# Must stay last: everything documented was exercised by the tests above.

def test_every_documented_response_was_exercised(api, contract):
    if not any(key[1] != "/health" for key in contract.exercised):
        pytest.skip("run the whole module: this test checks what the others exercised")
    missing = []
    for template, method, op in contract.operations():
        if not any(key[0] == method.upper() and key[1] == template for key in contract.exercised):
            missing.append(f"{method.upper()} {template} (never called)")
        for status in op["responses"]:
            if status == "500":
                continue  # never on purpose: the server must not answer 500 to any input
            response, _ = contract.follow(contract.pointer("paths", template, method, "responses", status))
            for media in (response.get("content") or {None: None}):
                if (method.upper(), template, status, media) not in contract.exercised:
                    missing.append(f"{method.upper()} {template} {status} {media or '(no body)'}")
    assert not missing, "documented but never exercised:\n" + "\n".join(missing)
