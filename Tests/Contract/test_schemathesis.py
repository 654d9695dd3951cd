"""Property-based requests generated from openapi.yaml by schemathesis, against the real server: for every
operation, bodies, queries and headers the spec allows (and the edge values it implies), sent with the token of
the operation's own role (`x-portail-auth`). Required: no 5xx, and every response matches its schema.

Path parameters are pinned to real objects (the sample course, one of its SCOs, a learner of its own) so that
generated bodies reach the handlers rather than a 404; the contract tests cover unknown ids. The seed is fixed:
the same cases run every time.
"""
import os

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from conftest import SPEC_PATH

COURSE = "cafe-associatif"
SCO = "SCO-accueil"
EXAMPLES = int(os.environ.get("PORTAIL_SCHEMATHESIS_EXAMPLES", "20"))

schema = schemathesis.openapi.from_path(str(SPEC_PATH))


@pytest.fixture(scope="module")
def actors(server):
    """The admin token, a learner enrolled in the sample course, and a second learner whose id the admin
    operations are pointed at (so that revoking tokens there does not sign the first one out)."""
    admin = {"Authorization": f"Bearer {server.admin_token}"}

    def post(path, body):
        reply = requests.post(server.url + path, json=body, headers=admin, timeout=30)
        assert reply.status_code in (200, 201), reply.text
        return reply.json()

    learner = post("/api/v1/learners", {"name": "Schemathesis"})
    post(f"/api/v1/courses/{COURSE}/enrollments", {"learnerId": learner["id"]})
    target = post("/api/v1/learners", {"name": "Cible"})
    post(f"/api/v1/courses/{COURSE}/enrollments", {"learnerId": target["id"]})
    return {"admin": server.admin_token, "learner": learner["token"], "targetId": target["id"]}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@seed(20261207)
def test_generated_requests_never_get_a_5xx_or_an_off_schema_answer(case, server, actors):
    pinned = {"courseId": COURSE, "scoId": SCO, "learnerId": actors["targetId"]}
    for name in list(case.path_parameters or {}):
        if name in pinned:
            case.path_parameters[name] = pinned[name]
    role = case.operation.definition.raw.get("x-portail-auth", "none")
    headers = {"Authorization": f"Bearer {actors[role]}"} if role in ("admin", "learner") else {}
    case.call_and_validate(base_url=server.url, headers=headers,
                           checks=[not_a_server_error, response_schema_conformance])
