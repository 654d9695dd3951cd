#!/usr/bin/env python3
"""Read benchmark (make bench): do reads stay flat as histories and cohorts grow? (issue 13 §1)

Starts `portail serve` on a temporary SQLite file with the real course Courses/facilitateur, then seeds it through
the API as learners would have filled it: learners created and enrolled by the admin, their work sent through
`POST /api/v1/me/sync` with each batch's `at` placed in the past (within the 25 last days), values as the Portail
runtime writes them (page turns, quiz submissions with their interactions, session ends). Then it times, on a
persistent connection, the median of N requests after warm-ups:

- the report (`GET /api/v1/reports/courses/facilitateur`, JSON and `?format=csv`) over 1,000 learners, then over
  10,000 (the same database, grown): time per learner at 10,000 ≤ 1.2 × at 1,000, and under one second;
- progress and attendance (`GET /api/v1/me/courses/facilitateur/progress|attendance`) of a learner with 10,000
  commits over 25 days ≤ 1.5 × the same reads of a learner with 10 commits.

Prints a Markdown table of the figures and ratios, the server's peak RSS and the seeding time. Exits non-zero when a
target is not met (or a seeded value was refused) only with --strict. Python 3 standard library only.
"""
import argparse, http.client, json, os, random, re, shutil, signal, statistics, subprocess, sys, tempfile, threading
import time, urllib.parse, xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

ADMIN = "read-bench-admin"
COURSE = "facilitateur"
DAY = 86400.0

# ------------------------------------------------------------------------------------------------------------------
# HTTP
# ------------------------------------------------------------------------------------------------------------------

class Client:
    """One persistent HTTP/1.1 connection (reopened if the server closed it between requests)."""

    def __init__(self, base, timeout=600):
        url = urllib.parse.urlsplit(base)
        self.host, self.port, self.timeout = url.hostname, url.port, timeout
        self.conn = None

    def request(self, method, path, token, body=None):
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {token}"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        idempotent = method == "GET" or path == "/api/v1/me/sync"  # a sync is applied once per batch id
        tries = 2 if idempotent else 1
        for attempt in range(tries):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                payload = response.read()
                return response.status, payload
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                self.conn = None
                if attempt + 1 == tries:
                    raise

    def json(self, method, path, token, body=None, expect=(200, 201)):
        status, payload = self.request(method, path, token, body)
        if status not in expect:
            raise Refused(method, path, status, payload)
        return json.loads(payload or b"null")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Refused(Exception):
    def __init__(self, method, path, status, payload):
        super().__init__(f"{method} {path} answered {status}: {payload[:500].decode('utf-8', 'replace')}")
        self.status = status


_local = threading.local()

def client(base):
    if getattr(_local, "client", None) is None:
        _local.client = Client(base)
    return _local.client

# ------------------------------------------------------------------------------------------------------------------
# The course, as its SCOs describe themselves
# ------------------------------------------------------------------------------------------------------------------

def course_scos(base):
    """Each SCO of the course with its pages and quiz, read from the package the server built (admin token)."""
    c = Client(base)
    try:
        course = next((x for x in c.json("GET", "/api/v1/courses", ADMIN) if x["id"] == COURSE), None)
        if course is None:
            raise RuntimeError(f"the server did not register the course '{COURSE}'")
        version = course["version"]
        status, manifest = c.request("GET", f"/content/{COURSE}/{version}/imsmanifest.xml", ADMIN)
        hrefs = {}
        if status == 200:
            root = ET.fromstring(manifest)
            resources = {r.get("identifier"): r.get("href") for r in root.iter() if r.tag.endswith("}resource")}
            for item in root.iter():
                if item.tag.endswith("}item") and item.get("identifierref") in resources:
                    hrefs[item.get("identifier")] = resources[item.get("identifierref")]
        scos = []
        for sco in course["scos"]:
            desc = None
            if sco["id"] in hrefs:
                status, page = c.request("GET", f"/content/{COURSE}/{version}/{hrefs[sco['id']]}", ADMIN)
                m = re.search(rb'<script[^>]*id="portail-sco"[^>]*>(.*?)</script>', page, re.S) if status == 200 else None
                desc = json.loads(m.group(1)) if m else None
            if desc is None:  # not a Portail page: four pages, no quiz
                print(f"warning: no SCO description in {sco['id']}'s page; played as four pages without a quiz",
                      file=sys.stderr)
                desc = {"sco": {"id": sco["id"], "pages": [f"p{i}" for i in range(1, 5)]}}
            scos.append({"id": sco["id"], "title": sco["title"], "pages": desc["sco"]["pages"],
                         "module": desc["sco"].get("module") or desc["sco"].get("id"), "quiz": desc.get("quiz")})
        return scos
    finally:
        c.close()

# ------------------------------------------------------------------------------------------------------------------
# What the Portail runtime (Sources/SCORMExport/Theme/runtime.js) writes, SCORM 2004
# ------------------------------------------------------------------------------------------------------------------

B36 = "0123456789abcdefghijklmnopqrstuvwxyz"

def base36(n):
    out = ""
    while True:
        n, d = divmod(n, 36)
        out = B36[d] + out
        if n == 0:
            return out

def bits36(bits):
    return base36(sum(1 << i for i, b in enumerate(bits) if b))

def width36(n):
    return len(base36(max(1, n)))

def number_text(x, digits):
    """JavaScript's String(roundTo(x, digits)): 1, 0.875, 66.67."""
    s = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"

def duration(seconds):
    """duration2004: PT1H2M3.5S."""
    cs = max(0, round(seconds * 100))
    h, m, s, frac = cs // 360000, (cs % 360000) // 6000, (cs % 6000) // 100, f"{cs % 100:02d}".rstrip("0")
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "") + f"{s}" + (f".{frac}" if frac else "") + "S"


class At:
    """A time inside a session, made absolute once the sessions are placed: timestamp2004 (YYYY-MM-DDThh:mm:ss)."""
    __slots__ = ("offset",)

    def __init__(self, offset):
        self.offset = offset


TYPE = {"single": "choice", "multiple": "choice", "true-false": "true-false", "fill-in": "fill-in",
        "matching": "matching", "ordering": "sequencing", "numeric": "numeric"}
WRONG_WORDS = ["je ne sais pas", "communauté", "territoire", "projet", "animation", "réseau"]

def answer(q, right, rng):
    """A learner's answer to question q, right or wrong (the runtime's own representation)."""
    t = q["type"]
    if t == "single":
        wrong = [c for c in q["choices"] if c not in q["correct"]]
        return q["correct"][0] if right or not wrong else rng.choice(wrong)
    if t == "multiple":
        chosen = set(q["correct"])
        if not right:
            chosen ^= {rng.choice(q["choices"])}
            if not chosen:
                chosen = {c for c in q["choices"] if c not in q["correct"]}
        return [c for c in q["choices"] if c in chosen]
    if t == "true-false":
        return bool(q["correct"]) == right
    if t == "fill-in":
        return rng.choice(q["accepted"]) if right else rng.choice(WRONG_WORDS)
    if t == "matching":
        pairs = dict(q["correct"])
        if not right and len(q["sources"]) > 1:
            a, b = rng.sample(q["sources"], 2)
            pairs[a], pairs[b] = pairs[b], pairs[a]
        return pairs
    if t == "ordering":
        items = list(q["items"])
        if not right:
            i = rng.randrange(len(items) - 1)
            items[i], items[i + 1] = items[i + 1], items[i]
        return items
    if t == "numeric":
        return number_text(q["min"] if right else q["max"] + rng.choice([1, 2, 5, 10]), 7)
    return None

def is_correct(q, a):
    t = q["type"]
    if t == "single": return a == q["correct"][0]
    if t == "multiple": return set(a) == set(q["correct"])
    if t == "true-false": return a == bool(q["correct"])
    if t == "fill-in": return a.lower() in [x.lower() for x in q["accepted"]]
    if t == "matching": return a == dict(q["correct"])
    if t == "ordering": return a == list(q["items"])
    if t == "numeric": return q["min"] <= float(a) <= q["max"]
    return False

def learner_response(q, a):
    t = q["type"]
    if t == "single": return a
    if t == "multiple": return "[,]".join(a)
    if t == "true-false": return "true" if a else "false"
    if t == "fill-in": return a.strip()
    if t == "matching": return "[,]".join(f"{s}[.]{a[s]}" for s in q["sources"] if s in a)
    if t == "ordering": return "[,]".join(a)
    if t == "numeric": return a
    return ""

def correct_patterns(q):
    t = q["type"]
    if t == "single": return q["correct"][:1]
    if t == "multiple": return ["[,]".join(c for c in q["choices"] if c in q["correct"])]
    if t == "true-false": return ["true" if q["correct"] is True else "false"]
    if t == "fill-in":
        return ["{case_matters=" + ("true" if q.get("caseSensitive") else "false") + "}" + x for x in q["accepted"][:5]]
    if t == "matching": return ["[,]".join(f"{s}[.]{t_}" for s, t_ in q["correct"])]
    if t == "ordering": return ["[,]".join(q["items"])]
    if t == "numeric": return [f"{number_text(q['min'], 7)}[:]{number_text(q['max'], 7)}"]
    return []

def encode_answer(q, a):
    """The answer's field in the suspend data (encodeAnswer)."""
    if a is None: return ""
    t = q["type"]
    if t == "single": return base36(q["choices"].index(a))
    if t == "multiple": return bits36([c in a for c in q["choices"]]) if a else ""
    if t == "true-false": return "t" if a else "f"
    if t in ("fill-in", "numeric"):
        return "".join(f"%{ord(ch):02X}" if ch in "%~|" or ord(ch) < 0x20 else ch for ch in a)
    if t == "matching":
        w = width36(len(q["targets"]) - 1)
        return "".join(base36(q["targets"].index(a[s])).rjust(w, "0") for s in q["sources"])
    if t == "ordering":
        w = width36(len(q["items"]) - 1)
        return "".join(base36(q["items"].index(x)).rjust(w, "0") for x in a)
    return ""


class Attempt:
    def __init__(self, sco, number):
        self.number, self.seq = number, 0
        self.seen = [False] * len(sco["pages"])
        self.current = 0
        quiz = sco["quiz"]
        self.questions = quiz["questions"] if quiz else []
        self.quiz_open, self.submissions, self.result = True, 0, None
        self.answers = [None] * len(self.questions)
        self.interactions = 0
        self.exit = None
        self.pad = None


class Learner:
    """Plays the course as the runtime would, and keeps each commit with its time inside its session."""

    def __init__(self, scos, rng, skill, suspend_size):
        self.scos, self.rng, self.skill, self.suspend_size = scos, rng, skill, suspend_size
        self.attempts = {}
        self.sessions = []  # each: list of (offset seconds, sco id, attempt, seq, values)

    def new_session(self):
        self.sessions.append([])
        self.clock = 0.0

    def commits(self):
        return sum(len(s) for s in self.sessions)

    def _commit(self, sco, a, values):
        a.seq += 1
        self.sessions[-1].append((self.clock, sco["id"], a.number, a.seq, values))

    def _suspend(self, sco, a):
        quiz = "-" if not sco["quiz"] else (
            "-" + (base36(a.submissions) if a.submissions else "") if a.quiz_open
            else ("p" if a.result == "passed" else "f") + base36(a.submissions))
        answers = "~".join(encode_answer(q, x) for q, x in zip(a.questions, a.answers))
        text = f"1|{bits36(a.seen)}|{quiz}|{answers}"
        # Padded to a few hundred characters, as heavier SCOs write (Portail's own suspend data is tens).
        if a.pad is None:
            a.pad = "".join(self.rng.choice(B36) for _ in range(self.suspend_size))
        return text + "~" + a.pad[:max(0, self.suspend_size - len(text))] if len(text) < self.suspend_size else text

    def _state(self, sco, a):
        """writeState: what the runtime sets on every save (SCORM 2004)."""
        all_seen = all(a.seen)
        completion = "completed" if all_seen else "incomplete"
        success = ("passed" if all_seen else "unknown") if not sco["quiz"] else (a.result or "unknown")
        values = {"cmi.location": sco["pages"][a.current], "cmi.suspend_data": self._suspend(sco, a),
                  "cmi.completion_status": completion,
                  "cmi.progress_measure": number_text(sum(a.seen) / len(a.seen), 4)}
        if success != "unknown":
            values["cmi.success_status"] = success
        values["cmi.exit"] = "normal" if completion == "completed" and success == "passed" else "suspend"
        a.exit = values["cmi.exit"]
        return values

    def _persist(self, sco, a, extra=None):
        """persist(): the values set since the last save (setValue calls, then setIfChanged), then Commit."""
        values = dict(extra or {})
        for name, value in self._state(sco, a).items():
            if self.written.get(name) != value:
                values[name] = value
                self.written[name] = value
        self._commit(sco, a, values)

    def wait(self, low, high, mode=None):
        self.clock += self.rng.triangular(low, high, mode if mode is not None else low + (high - low) / 4)

    def launch(self, sco, pages=None, budget=None):
        """One SCO session: Initialize, the pages, the quiz, Terminate. pages: how many page turns before leaving
        (None: to the end); budget: at most this many commits in this launch (the session stops there)."""
        rng = self.rng
        previous = self.attempts.get(sco["id"])
        if previous is None or previous.exit == "normal":
            a = Attempt(sco, previous.number + 1 if previous else 1)
            self.written = {}
        else:
            a = previous  # resume: the runtime reads back the location and the suspend data
            self.written = {"cmi.suspend_data": self._suspend(sco, a)}
        self.attempts[sco["id"]] = a
        start, before = self.clock, self.commits()
        left = lambda: budget is None or self.commits() - before < budget
        self.wait(3, 20)
        a.seen[a.current] = True
        self._persist(sco, a)
        quiz_page = sco["pages"].index("quiz") if "quiz" in sco["pages"] else None
        quiz_shown = self.clock if a.current == quiz_page else None
        turns = 0
        while left():
            if a.current == quiz_page and not a.quiz_open and a.result == "failed" and rng.random() < 0.8:
                self.wait(10, 60)  # back on a failed quiz: retries it
                a.quiz_open, a.answers = True, [None] * len(a.questions)
                self._persist(sco, a)
                quiz_shown = self.clock
                continue
            if a.current == quiz_page and a.quiz_open:
                self.wait(120, 600, 240)  # answering the questions
                if not left():
                    break
                self._submit(sco, a, self.clock - (quiz_shown or start))
                if a.result == "failed" and left() and rng.random() < 0.6:
                    self.wait(20, 120)  # reads the feedback, then retries
                    a.quiz_open, a.answers = True, [None] * len(a.questions)
                    self._persist(sco, a)
                    quiz_shown = self.clock
                    continue
                break
            if a.current + 1 >= len(sco["pages"]) or (pages is not None and turns >= pages) or not left():
                break
            self.wait(30, 420, 90)  # reading a page
            a.current += 1
            turns += 1
            a.seen[a.current] = True
            if a.current == quiz_page:
                quiz_shown = self.clock
            self._persist(sco, a)
        if left():
            self.wait(5, 60)
            self._persist(sco, a, {"cmi.session_time": duration(self.clock - start + 2.0)})
        return a

    def _submit(self, sco, a, latency):
        a.submissions += 1
        a.answers = [answer(q, self.rng.random() < self.skill, self.rng) for q in a.questions]
        right = [is_correct(q, x) for q, x in zip(a.questions, a.answers)]
        weights = [float(q.get("weight") or 1) for q in a.questions]
        percent = 100.0 * sum(w for w, r in zip(weights, right) if r) / sum(weights)
        passing = float(sco["quiz"].get("passingScore") or 0)
        a.result = "passed" if percent >= passing else "failed"
        a.quiz_open = False
        values = {}
        for q, x, r in zip(a.questions, a.answers, right):  # writeInteractions: in order, id first
            p = f"cmi.interactions.{a.interactions}."
            values[p + "id"] = (q.get("interaction") or f"{sco['module']}-{q['id']}") + (
                f"-{a.submissions}" if a.submissions > 1 else "")
            values[p + "type"] = TYPE[q["type"]]
            if q.get("description"):
                values[p + "description"] = q["description"][:250]
            values[p + "timestamp"] = At(self.clock)
            values[p + "weighting"] = number_text(float(q.get("weight") or 1), 7)
            values[p + "learner_response"] = learner_response(q, x)
            for k, pattern in enumerate(correct_patterns(q)):
                values[p + f"correct_responses.{k}.pattern"] = pattern
            values[p + "result"] = "correct" if r else "incorrect"
            values[p + "latency"] = duration(latency)
            a.interactions += 1
        values.update({"cmi.score.scaled": number_text(percent / 100, 4), "cmi.score.raw": number_text(percent, 2),
                       "cmi.score.min": "0", "cmi.score.max": "100"})
        self._persist(sco, a, values)

    def batches(self, rng, end, span, min_break=1800.0):
        """The sessions placed in time: the last commit at `end` (epoch seconds), the first about `span` earlier,
        breaks between sessions sharing what the sessions leave of the span (at least min_break each)."""
        sessions = [s for s in self.sessions if s]
        busy = sum(s[-1][0] for s in sessions)
        weights = [rng.uniform(0.3, 1.7) for _ in sessions[1:]]
        room = max(0.0, span - busy)
        breaks = [max(min_break, room * w / sum(weights)) for w in weights] if weights else []
        starts, t = [], end - busy - sum(breaks)
        for i, s in enumerate(sessions):
            starts.append(t)
            t += s[-1][0] + (breaks[i] if i < len(breaks) else 0)
        out = []
        for start, session in zip(starts, sessions):
            for offset, sco, attempt, seq, values in session:
                when = start + offset
                vals = {k: (stamp(start + v.offset) if isinstance(v, At) else v) for k, v in values.items()}
                out.append({"courseId": COURSE, "scoId": sco, "id": uuid(rng), "attempt": attempt, "seq": seq,
                            "values": vals, "at": iso(when)})
        return out


def stamp(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")

def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

def uuid(rng):
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{h[16:20]}-{h[20:]}"

# ------------------------------------------------------------------------------------------------------------------
# Learners
# ------------------------------------------------------------------------------------------------------------------

FIRST = ["Awa", "Camille", "Léa", "Hugo", "Inès", "Louis", "Chloé", "Nathan", "Manon", "Yanis", "Sarah", "Jules",
         "Emma", "Mohamed", "Zoé", "Théo", "Lina", "Gabriel", "Jade", "Lucas", "Maëlys", "Karim", "Anaïs", "Paul"]
LAST = ["Diallo", "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
        "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Bertrand", "Roux", "Vincent", "Fournier"]

def ordinary(scos, rng, now):
    """A learner of the cohort: ~20 commits in 1-9 sessions over up to 24 days; 5 % never start, 35 % stop after a
    module or two, 45 % are in the middle of the course (3-5 modules), 15 % go through it all."""
    learner = Learner(scos, rng, skill=rng.uniform(0.45, 0.97), suspend_size=rng.randint(200, 400))
    profile = rng.random()
    if profile < 0.05:
        return []
    if profile < 0.40:
        depth, finished = rng.randint(1, 2), False
    elif profile < 0.85:
        depth, finished = rng.randint(3, 5), False
    else:
        depth, finished = len(scos), True
    per_session = rng.choice([1, 2, 2, 3, 3, 4])
    for i, sco in enumerate(scos[:depth]):
        if i % per_session == 0:
            learner.new_session()
        last = i == depth - 1 and not finished
        pages = rng.randint(0, len(sco["pages"]) - 1) if last and rng.random() < 0.6 else None
        a = learner.launch(sco, pages=pages)
        if finished and a.result == "failed" and rng.random() < 0.7:  # comes back to the quiz later
            learner.launch(sco)
    span = rng.uniform(3600 * len(learner.sessions), 24 * DAY) if len(learner.sessions) > 1 else 0.0
    end = now - rng.uniform(600, max(600, 24.5 * DAY - span))
    return learner.batches(rng, end, span, min_break=1800.0)

def heavy(scos, rng, now, commits, span):
    """One learner with exactly `commits` commits over `span` seconds: goes through the course again and again
    (a module finished and passed starts a new attempt), sessions of 60-180 commits, hours apart."""
    learner = Learner(scos, rng, skill=0.75, suspend_size=300)
    session_size = (60, 180) if commits > 200 else (3, 6)
    i = 0
    while learner.commits() < commits:
        learner.new_session()
        target = min(commits - learner.commits(), rng.randint(*session_size))
        before = learner.commits()
        while learner.commits() - before < target:
            learner.launch(scos[i % len(scos)], budget=target - (learner.commits() - before))
            i += 1
    batches = learner.batches(rng, now - 3600, span, min_break=3600.0 if commits > 200 else 1800.0)
    first = datetime.strptime(batches[0]["at"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc).timestamp()
    if first < now - 29.5 * DAY:
        raise RuntimeError(f"{commits} commits do not fit in {span / DAY:g} days (the server believes `at` within 30)")
    return batches

# ------------------------------------------------------------------------------------------------------------------
# Seeding
# ------------------------------------------------------------------------------------------------------------------

class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.batches = self.requests = self.refused_batches = self.refused_elements = 0
        self.examples = []

    def sync_results(self, results, sent):
        with self.lock:
            self.batches += len(sent)
            for r, b in zip(results, sent):
                if not r.get("applied", False):
                    self.refused_batches += 1
                    if len(self.examples) < 10:
                        self.examples.append(f"batch refused ({b['scoId']}, attempt {b['attempt']}, seq {b['seq']}): "
                                             f"{r.get('error') or r.get('errors')}")
                for e in r.get("errors", []):
                    self.refused_elements += 1
                    if len(self.examples) < 10:
                        el = e.get("element")
                        self.examples.append(f"element refused {e.get('code')} {el}={b['values'].get(el)!r}: "
                                             f"{e.get('message')}")


def seed_learner(base, name, batches, tally):
    c = client(base)
    learner = c.json("POST", "/api/v1/learners", ADMIN,
                     {"name": name, "email": name.lower().replace(" ", ".") + "@example.org"})
    c.json("POST", f"/api/v1/courses/{COURSE}/enrollments", ADMIN, {"learnerId": learner["id"]})
    with tally.lock:
        tally.requests += 2
    for i in range(0, len(batches), 1000):
        chunk = batches[i:i + 1000]
        answer = c.json("POST", "/api/v1/me/sync", learner["token"], {"batches": chunk}, expect=(200,))
        with tally.lock:
            tally.requests += 1
        tally.sync_results(answer["results"], chunk)
    return learner


def seed(base, scos, first, count, threads, seed_value, now, tally):
    """Learners first..first+count-1, each with its own random stream (the same learners whatever the sizes)."""
    def one(i):
        rng = random.Random(f"{seed_value}-{i}")
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)} {i:05d}"
        seed_learner(base, name, ordinary(scos, rng, now), tally)
    pool = ThreadPoolExecutor(max_workers=threads)
    try:
        for future in [pool.submit(one, i) for i in range(first, first + count)]:
            future.result()
    finally:  # on a failure (or SIGTERM), the learners not yet started are dropped
        pool.shutdown(wait=True, cancel_futures=True)

# ------------------------------------------------------------------------------------------------------------------
# Timing
# ------------------------------------------------------------------------------------------------------------------

def timed(base, path, token, warmups, repeats):
    """Median seconds of a whole request (sent, answered, body read) on a connection opened beforehand."""
    c = Client(base)
    try:
        size = 0
        for _ in range(warmups):
            status, body = c.request("GET", path, token)
            if status != 200:
                raise Refused("GET", path, status, body)
            size = len(body)
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            status, body = c.request("GET", path, token)
            times.append(time.perf_counter() - t0)
            if status != 200:
                raise Refused("GET", path, status, body)
        return {"median": statistics.median(times), "min": min(times), "max": max(times), "bytes": size}
    finally:
        c.close()

def cpu(pid):
    """CPU seconds used so far by the server (from /proc) and by this script."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    mine = os.times()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), mine.user + mine.system

def rss_peak_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0

# ------------------------------------------------------------------------------------------------------------------

def start_server(portail, tmp, courses):
    env = dict(os.environ, PORTAIL_ADMIN_TOKEN=ADMIN, LOG_LEVEL="error")
    errors = open(os.path.join(tmp, "server.stderr"), "w+")
    server = subprocess.Popen([portail, "serve", "--port", "0", "--db", os.path.join(tmp, "p.sqlite"),
                               "--courses", courses], stdout=subprocess.PIPE, stderr=errors, text=True, env=env)
    found = {}
    ready = threading.Event()

    def read():
        for line in server.stdout:  # read to the end, so that the pipe never fills
            if not ready.is_set() and line.startswith("Portail is serving on "):
                found["base"] = line.split()[-1]
                ready.set()
        ready.set()
    threading.Thread(target=read, daemon=True).start()
    try:
        ready.wait(300)
        if "base" not in found:
            server.poll()
            errors.seek(0)
            raise RuntimeError(f"the server did not start (exit {server.returncode}): {errors.read()[-2000:]}")
    except BaseException:  # SIGTERM or Ctrl-C while it starts, too
        stop_server(server)
        raise
    return server, found["base"]

def stop_server(server):
    if server is not None and server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--portail", default=".build/release/portail", help="the portail executable")
    ap.add_argument("--learners-small", type=int, default=1000, help="cohort of the first report")
    ap.add_argument("--learners-large", type=int, default=10000, help="cohort of the second report")
    ap.add_argument("--commits-small", type=int, default=10, help="commits of the small learner")
    ap.add_argument("--commits-large", type=int, default=10000, help="commits of the large learner")
    ap.add_argument("--days", type=float, default=25.0, help="span of the large learner's commits")
    ap.add_argument("--repeats", type=int, default=15, help="timed requests per read (median)")
    ap.add_argument("--warmups", type=int, default=3, help="untimed requests before them")
    ap.add_argument("--threads", type=int, default=12, help="client threads while seeding")
    ap.add_argument("--seed", default="portail", help="random seed of the learners")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target is not met or a value was refused")
    args = ap.parse_args()
    if args.learners_large < args.learners_small:
        ap.error("--learners-large must be at least --learners-small")
    if args.repeats < 1 or args.warmups < 0:
        ap.error("--repeats must be at least 1 and --warmups at least 0")
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    portail = args.portail if os.path.exists(args.portail) else os.path.join(repo, args.portail)
    portail = os.path.abspath(portail)

    def on_term(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, on_term)

    tmp = tempfile.mkdtemp(prefix="portail-read-bench-")
    courses = os.path.join(tmp, "Courses")
    shutil.copytree(os.path.join(repo, "Courses", COURSE), os.path.join(courses, COURSE))
    server = None
    try:
        server, base = start_server(portail, tmp, courses)
        scos = course_scos(base)
        now = time.time()
        tally = Tally()
        report_path = f"/api/v1/reports/courses/{COURSE}"
        seeding = []
        m = {}

        def grow(first, count, label):
            t0, b0, r0, c0 = time.perf_counter(), tally.batches, tally.requests, cpu(server.pid)
            seed(base, scos, first, count, args.threads, args.seed, now, tally)
            seeding.append((label, count, tally.batches - b0, tally.requests - r0, time.perf_counter() - t0,
                            *[b - a for a, b in zip(c0, cpu(server.pid))]))

        def measure_report(size):
            check = Client(base)
            report = check.json("GET", report_path, ADMIN)
            check.close()
            if report["enrolled"] != size:
                raise RuntimeError(f"the report counts {report['enrolled']} learners, expected {size}")
            m[("json", size)] = timed(base, report_path, ADMIN, args.warmups, args.repeats)
            m[("csv", size)] = timed(base, report_path + "?format=csv", ADMIN, args.warmups, args.repeats)
            m[("started", size)] = report["started"]

        peaks = []  # VmHWM after each step: where the peak was reached
        mark = lambda label: peaks.append((label, rss_peak_mb(server.pid)))
        grow(0, args.learners_small, f"{args.learners_small:,} learners")
        mark(f"seeding {args.learners_small:,}")
        measure_report(args.learners_small)
        mark(f"reports at {args.learners_small:,}")
        if args.learners_large > args.learners_small:
            grow(args.learners_small, args.learners_large - args.learners_small,
                 f"{args.learners_large - args.learners_small:,} more learners")
            mark(f"seeding {args.learners_large:,}")
        measure_report(args.learners_large)
        mark(f"reports at {args.learners_large:,}")

        # The two learners whose own reads are compared.
        singles = {}
        t0, b0, r0, c0 = time.perf_counter(), tally.batches, tally.requests, cpu(server.pid)
        for label, commits in (("small", args.commits_small), ("large", args.commits_large)):
            rng = random.Random(f"{args.seed}-{label}")
            span = args.days * DAY if label == "large" else min(2 * DAY, args.days * DAY)
            batches = heavy(scos, rng, now, commits, span)
            assert len(batches) == commits
            learner = seed_learner(base, f"{rng.choice(FIRST)} {rng.choice(LAST)} ({commits} commits)", batches, tally)
            singles[label] = learner["token"]
        seeding.append((f"2 learners of {args.commits_small:,} and {args.commits_large:,} commits", 2,
                        tally.batches - b0, tally.requests - r0, time.perf_counter() - t0,
                        *[b - a for a, b in zip(c0, cpu(server.pid))]))
        mark(f"the {args.commits_large:,}-commit learner")
        check = Client(base)
        days = {k: check.json("GET", f"/api/v1/me/courses/{COURSE}/attendance", t) for k, t in singles.items()}
        check.close()
        for label, token in singles.items():
            for read in ("progress", "attendance"):
                m[(read, label)] = timed(base, f"/api/v1/me/courses/{COURSE}/{read}", token, args.warmups, args.repeats)
        rss = rss_peak_mb(server.pid)
    finally:
        stop_server(server)
        shutil.rmtree(tmp, ignore_errors=True)

    # ---------------------------------------------------------------------------------------------------------
    small, large = args.learners_small, args.learners_large
    ms = lambda s: f"{s * 1000:.2f} ms"
    rows, ok = [], True

    def row(read, a, b, ratio, target):
        nonlocal ok
        met = ratio <= target
        ok = ok and met
        rows.append(f"| {read} | {a} | {b} | {ratio:.2f} | ≤ {target} | {'met' if met else '**not met**'} |")

    for read in ("progress", "attendance"):
        a, b = m[(read, "small")]["median"], m[(read, "large")]["median"]
        row(f"`{read}`, {args.commits_small:,} vs {args.commits_large:,} commits", ms(a), ms(b), b / a, 1.5)
    for kind, label in (("json", "report JSON"), ("csv", "report CSV")):
        a, b = m[(kind, small)]["median"], m[(kind, large)]["median"]
        row(f"{label} per learner, {small:,} vs {large:,} learners",
            f"{a / small * 1e6:.1f} µs ({ms(a)})", f"{b / large * 1e6:.1f} µs ({ms(b)})", (b / large) / (a / small), 1.2)
    print(f"\nportail: {portail}; median of {args.repeats} requests after {args.warmups} warm-ups, "
          f"persistent connection\n")
    print("| read | small case | large case | ratio | target | |")
    print("|---|---:|---:|---:|---:|---|")
    print("\n".join(rows))
    print(f"\n| report over {large:,} learners | median | min | max | answer | target | |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for kind in ("json", "csv"):
        r = m[(kind, large)]
        met = r["median"] < 1.0
        ok = ok and met
        print(f"| {kind.upper()} | {r['median']:.3f} s | {r['min']:.3f} s | {r['max']:.3f} s | {r['bytes'] / 1024:,.0f} KiB "
              f"| < 1 s | {'met' if met else '**not met**'} |")
    print(f"\nLearners who started: {m[('started', small)]:,} of {small:,}, {m[('started', large)]:,} of {large:,}.")
    for label, commits in (("small", args.commits_small), ("large", args.commits_large)):
        d = days[label]
        p, a = m[("progress", label)], m[("attendance", label)]
        print(f"Learner with {commits:,} commits: {len(d['days'])} days of attendance, "
              f"{d['totalSeconds'] / 3600:.1f} h on task; answers of {p['bytes']:,} B (progress) and "
              f"{a['bytes']:,} B (attendance).")
    print(f"\nServer peak RSS (VmHWM): {rss:.0f} MB; after each step: "
          + ", ".join(f"{label} {mb:.0f} MB" for label, mb in peaks) + f", progress and attendance {rss:.0f} MB")
    print("\nSeeding (through the API, {} client threads):\n".format(args.threads))
    print("| what | learners | batches | requests | seconds | batches/s | server CPU s | client CPU s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, count, batches, requests, seconds, server_cpu, client_cpu in seeding:
        print(f"| {label} | {count:,} | {batches:,} | {requests:,} | {seconds:.1f} | {batches / seconds:,.0f} "
              f"| {server_cpu:.1f} | {client_cpu:.1f} |")
    total = [sum(s[i] for s in seeding) for i in (4, 5, 6)]
    print(f"| total | {sum(s[1] for s in seeding):,} | {tally.batches:,} | {tally.requests:,} | {total[0]:.1f} | "
          f"{tally.batches / total[0]:,.0f} | {total[1]:.1f} | {total[2]:.1f} |")
    print(f"\nRefused by the server: {tally.refused_batches} batches, {tally.refused_elements} elements")
    for example in tally.examples:
        print(f"  {example}")
    clean = tally.refused_batches == 0 and tally.refused_elements == 0
    print("targets:", "met" if ok else "NOT met")
    if args.strict and not (ok and clean):
        sys.exit(1)

if __name__ == "__main__":
    main()
