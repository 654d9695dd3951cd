#!/usr/bin/env python3
"""Backend benchmark (make bench): commits and progress reads on SQLite, on PostgreSQL with one `portail serve`,
and on PostgreSQL with two processes behind no proxy (half the clients on each), all in one run on this machine.

Same workloads as server_bench.py (wrk, 32 connections in all, Benchmarks/commit.lua and progress.lua, 200
enrolled learners). PostgreSQL is a throw-away cluster started by Tests/Support/postgres.sh (fsync on,
synchronous_commit on), sharing the cores with Portail and wrk. Target (issue 13): PostgreSQL commits/s at least
half of SQLite's in the same run, p99 at most 20 ms.

    python3 Benchmarks/backend_bench.py --portail .build/release/portail [--seconds 10] [--strict]
"""
import argparse, os, shutil, subprocess, sys, tempfile, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server_bench import call, wrk  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
POSTGRES = os.path.join(REPO, "Tests", "Support", "postgres.sh")
COMMITS = "/api/v1/me/courses/cafe-associatif/scos/SCO-accueil/commits"
PROGRESS = "/api/v1/me/courses/cafe-associatif/progress"


def start_server(portail, db, folder, courses):
    env = dict(os.environ, PORTAIL_ADMIN_TOKEN="bench-admin", LOG_LEVEL="error")
    process = subprocess.Popen([portail, "serve", "--port", "0", "--db", db, "--courses", courses,
                                "--data", os.path.join(folder, "data")], stdout=subprocess.PIPE, text=True, env=env)
    for line in process.stdout:
        if line.startswith("Portail is serving on "):
            return process, line.split()[-1]
    raise SystemExit(f"portail serve did not start on {db} (exit {process.wait()})")


def seed(base, learners, folder):
    tokens = []
    for i in range(learners):
        learner = call(base, "POST", "/api/v1/learners", "bench-admin", {"name": f"Learner {i}"})
        call(base, "POST", "/api/v1/courses/cafe-associatif/enrollments", "bench-admin", {"learnerId": learner["id"]})
        tokens.append(learner["token"])
    path = os.path.join(folder, "tokens.txt")
    with open(path, "w") as f:
        f.write("\n".join(tokens) + "\n")
    return path


def run_wrk(bases, path, script, tokens, seconds):
    """wrk against each base at once (32 connections split between them): summed req/s, worst p99."""
    env = dict(os.environ, PORTAIL_BENCH_TOKENS=tokens, PORTAIL_BENCH_PATH=path)
    results = [None] * len(bases)
    connections = 32 // len(bases)

    def one(index):
        cmd_env = dict(env)
        out = subprocess.run(["wrk", f"-t{max(1, 2 // len(bases))}", f"-c{connections}", f"-d{seconds}s", "--latency",
                              "-s", os.path.join(HERE, script), bases[index] + path],
                             capture_output=True, text=True, env=cmd_env, check=True).stdout
        results[index] = out

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(bases))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    parsed = [parse(out) for out in results]
    return {"rps": sum(p["rps"] for p in parsed), "p50": max(p["p50"] for p in parsed),
            "p99": max(p["p99"] for p in parsed), "non2xx": sum(p["non2xx"] for p in parsed)}


def parse(out):
    import re
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": pct(50), "p99": pct(99), "non2xx": int(errors.group(1)) if errors else 0}


def measure(portail, seconds, learners, tmp, courses, databases):
    """databases: the --db of each process (one, or two on the same PostgreSQL database)."""
    processes, bases = [], []
    try:
        for index, db in enumerate(databases):
            folder = os.path.join(tmp, f"p{index}-{time.monotonic_ns()}")
            os.makedirs(folder)
            process, base = start_server(portail, db, folder, courses)
            processes.append(process)
            bases.append(base)
        tokens = seed(bases[0], learners, tmp)
        commits = run_wrk(bases, COMMITS, "commit.lua", tokens, seconds)
        progress = run_wrk(bases, PROGRESS, "progress.lua", tokens, seconds)
        return commits, progress
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--portail", default=os.path.join(REPO, ".build/release/portail"))
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--learners", type=int, default=200)
    ap.add_argument("--strict", action="store_true")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="portail-backends-")
    courses = os.path.join(tmp, "Courses")
    shutil.copytree(os.path.join(REPO, "Tests/Fixtures/sample-course"), os.path.join(courses, "sample-course"))
    exports = subprocess.run(["bash", POSTGRES, "start"], capture_output=True, text=True, check=True).stdout
    cluster = dict(line[len("export "):].split("=", 1) for line in exports.splitlines() if line.startswith("export "))
    admin = cluster["PORTAIL_TEST_POSTGRES_URL"]
    try:
        def database(name):
            subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True)
            return admin.rsplit("/", 1)[0] + "/" + name
        rows = {}
        rows["SQLite, one process"] = measure(args.portail, args.seconds, args.learners, tmp, courses,
                                              [os.path.join(tmp, "bench.sqlite")])
        rows["PostgreSQL, one process"] = measure(args.portail, args.seconds, args.learners, tmp, courses,
                                                  [database("bench_one")])
        two = database("bench_two")
        rows["PostgreSQL, two processes"] = measure(args.portail, args.seconds, args.learners, tmp, courses, [two, two])
    finally:
        subprocess.run(["bash", POSTGRES, "stop", cluster["PORTAIL_TEST_POSTGRES_DATA"]], check=False)
        shutil.rmtree(tmp, ignore_errors=True)
    reference = rows["SQLite, one process"][0]["rps"]
    print(f"\nwrk, 32 connections in all, {args.seconds} s, {args.learners} learners; PostgreSQL on the same "
          f"{os.cpu_count()} cores, fsync and synchronous_commit on\n")
    print("| backend | commits/s | ratio to SQLite | p50 ms | p99 ms | progress reads/s | non-2xx |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, (commits, progress) in rows.items():
        print(f"| {name} | {commits['rps']:.0f} | {commits['rps'] / reference:.2f} | {commits['p50']:.2f} | "
              f"{commits['p99']:.2f} | {progress['rps']:.0f} | {commits['non2xx'] + progress['non2xx']} |")
    ok = all(rows[name][0]["rps"] >= 0.5 * reference and rows[name][0]["p99"] <= 20
             for name in ("PostgreSQL, one process", "PostgreSQL, two processes"))
    print("\ntargets (PostgreSQL commits/s >= 0.5 x SQLite's, p99 <= 20 ms):", "met" if ok else "NOT met")
    if args.strict and not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
