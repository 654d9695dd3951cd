"""Fixtures for the API contract tests: the real `portail serve` on loopback, and a client that checks every
response against openapi.yaml.

Run from the repository root:  python3 -m pytest Tests/Contract -q -p no:cacheprovider

- Needs: pytest, jsonschema, openapi-spec-validator, pyyaml, requests (pip).
- The server binary is .build/debug/portail (build it first), or the file named by PORTAIL_BIN. Without it the
  server tests are skipped with the reason printed, except when CI=true, where they fail.
- Each server gets a temporary folder: an SQLite file, a Courses folder holding a copy of
  Tests/Fixtures/sample-course, and a random admin token passed as PORTAIL_ADMIN_TOKEN. Only 127.0.0.1 is used.
"""
import functools
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
import requests
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

CONTRACT = Path(__file__).resolve().parent
REPO = CONTRACT.parents[1]
SPEC_PATH = REPO / "openapi.yaml"
SAMPLE_COURSE = REPO / "Tests" / "Fixtures" / "sample-course"
DEFAULT_BINARY = REPO / ".build" / "debug" / "portail"
SPEC_URI = "urn:portail:openapi"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
READY = re.compile(r"^Portail is serving on (http://\S+)\s*$")


def in_ci():
    return os.environ.get("CI", "") == "true"


# PORTAIL_CONTRACT_BACKEND=postgres runs every server of the contract tests on a PostgreSQL database of its own, on
# the server PORTAIL_TEST_POSTGRES_URL names (Tests/Support/postgres.sh starts one); otherwise on an SQLite file.
BACKEND = os.environ.get("PORTAIL_CONTRACT_BACKEND", "sqlite")


def postgres_database():
    """A new, empty database on the test server: its URL."""
    admin = os.environ.get("PORTAIL_TEST_POSTGRES_URL")
    if not admin:
        pytest.fail("PORTAIL_CONTRACT_BACKEND=postgres needs PORTAIL_TEST_POSTGRES_URL (Tests/Support/postgres.sh start)",
                    pytrace=False)
    name = "portail_contract_" + secrets.token_hex(8)
    psql(admin, f"CREATE DATABASE {name}")
    return admin.rsplit("/", 1)[0] + "/" + name


def psql(url, sql):
    subprocess.run(["psql", url, "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True, capture_output=True, text=True)


def portail_binary():
    return Path(os.environ.get("PORTAIL_BIN") or DEFAULT_BINARY)


@functools.lru_cache(maxsize=None)
def binary_unavailable_reason():
    binary = portail_binary()
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        return f"the portail binary is missing ({binary}); build it with `swift build` or set PORTAIL_BIN"
    try:
        probe = subprocess.run([str(binary), "serve", "--help"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"`{binary} serve --help` failed: {error}"
    if probe.returncode != 0 or "--port" not in probe.stdout:
        return f"{binary} has no `serve` command yet (rebuild it)"
    return None


def require_binary():
    reason = binary_unavailable_reason()
    if reason is None:
        return
    if in_ci():
        pytest.fail("CI=true: " + reason, pytrace=False)
    print("\nSKIP: " + reason)
    pytest.skip(reason)


def pointer_escape(part):
    return str(part).replace("~", "~0").replace("/", "~1")


def pointer(*parts):
    return "/" + "/".join(pointer_escape(part) for part in parts)


def operations(spec):
    """(path template, method, operation) for every operation in the spec."""
    for template, item in spec["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield template, method, item[method]


class Contract:
    """openapi.yaml, with JSON Schema 2020-12 validation of any part of it, and a record of what was exercised."""

    pointer = staticmethod(pointer)

    def operations(self):
        return operations(self.spec)

    def __init__(self, spec):
        self.spec = spec
        self.registry = Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec))
        # (METHOD, template, status, media type or None)
        self.exercised = set()

    def resolve(self, ptr):
        node = self.spec
        for part in ptr.lstrip("/").split("/") if ptr != "" else []:
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def follow(self, ptr):
        """An OpenAPI object at `ptr`, following `$ref`s: (object, its own pointer)."""
        node = self.resolve(ptr)
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            assert ref.startswith("#/"), f"only local references are expected, got {ref}"
            assert ref not in seen, f"reference cycle at {ref}"
            seen.add(ref)
            ptr = ref[1:]
            node = self.resolve(ptr)
        return node, ptr

    def validate(self, schema_pointer, instance, what):
        """Validates `instance` against the schema at `schema_pointer` (inside the spec, so `$ref`s resolve)."""
        validator = Draft202012Validator({"$ref": SPEC_URI + "#" + schema_pointer}, registry=self.registry,
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        if errors:
            lines = [f"- at {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:10]]
            shown = json.dumps(instance, ensure_ascii=False)[:1500] if not isinstance(instance, str) else instance[:1500]
            pytest.fail(f"{what} does not match {schema_pointer}:\n" + "\n".join(lines) + f"\nbody: {shown}",
                        pytrace=False)

    def operation_pointer(self, method, template):
        assert template in self.spec["paths"], f"{template} is not documented in openapi.yaml"
        assert method.lower() in self.spec["paths"][template], f"{method} {template} is not documented in openapi.yaml"
        return pointer("paths", template, method.lower())

    def check_request(self, method, template, body, media="application/json"):
        op_ptr = self.operation_pointer(method, template)
        op = self.resolve(op_ptr)
        assert "requestBody" in op, f"{method} {template} documents no request body"
        request_body, rb_ptr = self.follow(op_ptr + "/requestBody")
        assert media in request_body["content"], f"{method} {template} does not document a {media} body"
        self.validate(rb_ptr + pointer("content", media, "schema"), body, f"request body of {method} {template}")

    def check_response(self, method, template, response):
        what = f"{method} {template} → {response.status_code}"
        assert response.status_code != 500, f"{what}: the server answered 500: {response.text[:500]}"
        op_ptr = self.operation_pointer(method, template)
        responses = self.resolve(op_ptr)["responses"]
        status = str(response.status_code)
        assert status in responses, f"{what}: status {status} is not documented (documented: {sorted(responses)})"
        documented, resp_ptr = self.follow(op_ptr + pointer("responses", status))

        for name, header in (documented.get("headers") or {}).items():
            header, header_ptr = self.follow(resp_ptr + pointer("headers", name))
            value = response.headers.get(name)
            if header.get("required"):
                assert value is not None, f"{what}: the required header {name} is missing"
            if value is not None and "schema" in header:
                self.validate(header_ptr + "/schema", value, f"header {name} of {what}")

        content = documented.get("content")
        if not content:
            assert response.content == b"", f"{what}: a body was sent where none is documented: {response.text[:200]}"
            self.exercised.add((method.upper(), template, status, None))
            return None
        media = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        assert media in content, f"{what}: Content-Type {media!r} is not documented (documented: {sorted(content)})"
        schema_ptr = resp_ptr + pointer("content", media, "schema")
        assert "schema" in content[media], f"{what}: no schema documented for {media}"
        if media == "application/json":
            try:
                body = response.json()
            except ValueError:
                pytest.fail(f"{what}: the body is not JSON: {response.text[:300]}", pytrace=False)
        else:
            body = response.text
        self.validate(schema_ptr, body, f"response of {what} ({media})")
        self.exercised.add((method.upper(), template, status, media))
        return body


class Client:
    """Requests to one server; every answer is checked against the operation's documented response."""

    def __init__(self, server, contract):
        self.server = server
        self.base = server.url
        self.contract = contract
        self.session = requests.Session()
        self.session.trust_env = False  # never a proxy: loopback only

    def call(self, method, template, *, expect, token=None, authorization=None, path=None, query=None,
             json_body=None, data=None, content_type=None, check_request=None):
        url = self.base + template.format(**{k: quote(str(v), safe="") for k, v in (path or {}).items()})
        headers = {}
        if authorization is not None:
            headers["Authorization"] = authorization
        elif token is not None:
            headers["Authorization"] = f"Bearer {token}"
        body = data
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        if content_type is not None:
            headers["Content-Type"] = content_type
        if check_request is None:
            check_request = json_body is not None and 200 <= expect < 300
        if check_request:
            self.contract.check_request(method, template, json_body)
        response = self.session.request(method, url, params=query, data=body, headers=headers, timeout=120)
        assert response.status_code == expect, (
            f"{method} {url}: expected {expect}, got {response.status_code}: {response.text[:500]}"
            + (f"\nserver log: {self.server.stderr_text()[-3000:]}" if response.status_code >= 500 else ""))
        response.body = self.contract.check_response(method, template, response)
        return response

    def raw(self, method, path, **kwargs):
        kwargs.setdefault("timeout", 60)
        return self.session.request(method, self.base + path, **kwargs)


class ServerProcess:
    """`portail serve --port 0` on 127.0.0.1 with a temporary SQLite file and Courses folder."""

    def __init__(self, folder, *, with_sample_course=True, extra_args=()):
        self.folder = Path(folder)
        self.courses = self.folder / "Courses"
        self.courses.mkdir(parents=True)
        if with_sample_course:
            shutil.copytree(SAMPLE_COURSE, self.courses / SAMPLE_COURSE.name)
        self.database = self.folder / "p.sqlite"
        self.postgres = postgres_database() if BACKEND == "postgres" else None
        self.admin_token = "adm-" + secrets.token_urlsafe(24)
        self.extra_args = list(extra_args)
        self.process = None
        self.url = None
        self.lines = []
        self._ready = threading.Event()

    def start(self, timeout=180):
        env = dict(os.environ)
        env["PORTAIL_ADMIN_TOKEN"] = self.admin_token
        env.setdefault("LOG_LEVEL", "warning")
        command = [str(portail_binary()), "serve", "--host", "127.0.0.1", "--port", "0",
                   "--db", self.postgres or str(self.database), "--data", str(self.folder / "data"),
                   "--courses", str(self.courses), *self.extra_args]
        self.stderr = open(self.folder / "stderr.log", "wb")
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.stderr, stdin=subprocess.DEVNULL,
                                        env=env, text=True, bufsize=1)
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not self._ready.is_set():
            if self.process.poll() is not None:
                break
            self._ready.wait(0.1)
        if not self._ready.is_set():
            self.stop()
            pytest.fail(f"portail serve did not report its URL (exit {self.process.returncode}); stdout: "
                        f"{''.join(self.lines)[-2000:]}; stderr: {self.stderr_text()[-2000:]}", pytrace=False)
        host = urlparse(self.url).hostname
        assert host in ("127.0.0.1", "localhost", "::1") or host.startswith("127."), f"not loopback: {self.url}"

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)
            match = READY.match(line.strip())
            if match and not self._ready.is_set():
                self.url = match.group(1).rstrip("/")
                self._ready.set()

    def stderr_text(self):
        try:
            return (self.folder / "stderr.log").read_text(errors="replace")
        except OSError:
            return ""

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.stderr.close()


@pytest.fixture(scope="session")
def spec():
    with open(SPEC_PATH, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="session")
def contract(spec):
    return Contract(spec)


@pytest.fixture(scope="session")
def workdir():
    folder = Path(tempfile.mkdtemp(prefix="portail-contract-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def server(workdir):
    require_binary()
    process = ServerProcess(workdir / "main")
    process.start()
    yield process
    process.stop()


@pytest.fixture(scope="session")
def small_upload_server(workdir):
    """A second server, with no course and `--max-upload-mb 1`, for the package size limit."""
    require_binary()
    process = ServerProcess(workdir / "small", with_sample_course=False, extra_args=["--max-upload-mb", "1"])
    process.start()
    yield process
    process.stop()


@pytest.fixture(scope="session")
def api(server, contract):
    return Client(server, contract)


@pytest.fixture(scope="session")
def small_api(small_upload_server, contract):
    return Client(small_upload_server, contract)


@pytest.fixture(scope="session")
def admin(server):
    return server.admin_token


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI nothing may skip: a skipped test there is a failure that says why it would have skipped."""
    outcome = yield
    report = outcome.get_result()
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"CI=true, and nothing may skip in CI: {report.longrepr}"
