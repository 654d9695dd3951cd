#!/usr/bin/env python3
"""Server benchmark (make bench): health ceiling, commits, progress reads, on loopback with wrk.

Starts the release `portail serve` on a temporary SQLite file, creates learners, then runs wrk
(2 threads, 32 connections) against (a) GET /health, (b) commits of 10 CMI elements, (c) progress reads.
Prints a Markdown table with req/s, p50/p99 and the server's peak RSS, and ratios against (a).

Then where a commit's CPU goes: the server's request threads and its storage threads (writer and checkpointer),
read from /proc during (b), and wrk's; against the storage floor (Benchmarks/storage_floor.c: the same
statements in C on a copy of the database (b) left) and the CPU a commit may take at 50 % of (a) on this machine.
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time, urllib.request

def call(base, method, path, token, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")

def wrk(url, seconds, script=None, env=None):
    cmd = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency"] + (["-s", script] if script else []) + [url]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def pct(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": pct(50), "p99": pct(99), "non2xx": int(errors.group(1)) if errors else 0}

def thread_cpu(pid):
    """CPU seconds per thread name (the kernel keeps the last 15 characters of a dispatch queue's name)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        used[task] = (name, (int(fields[11]) + int(fields[12])) / tick)
    return used

def cpu_by_role(before, after):
    """Storage threads run on dispatch's overcommit queues; requests on NIO and the Swift concurrency pool."""
    roles = {"storage": 0.0, "requests": 0.0}
    for task, (name, seconds) in after.items():
        spent = seconds - before.get(task, (name, 0.0))[1]
        roles["storage" if name.endswith("overcommit") else "requests"] += spent
    return roles

def storage_floor(here, database, workdir, group):
    """µs of CPU and of wall time per commit for the C floor, on a copy of the database."""
    compiler = shutil.which("cc") or shutil.which("clang")
    binary = os.path.join(workdir, "storage_floor")
    if not os.path.exists(binary):
        subprocess.run([compiler, "-O2", "-o", binary, os.path.join(here, "storage_floor.c"), "-lsqlite3", "-lpthread"],
                       check=True)
    copy = os.path.join(workdir, f"floor-{group}.sqlite")
    shutil.copy(database, copy)
    run = subprocess.run([binary, copy, "60000", str(group)], capture_output=True, text=True)
    if run.returncode != 0:
        print(f"storage floor, groups of {group}: {run.stderr.strip()}", file=sys.stderr)
        return None
    return json.loads(run.stdout)

def rss_peak_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--portail", required=True)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--learners", type=int, default=200)
    args = ap.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    tmp = tempfile.mkdtemp(prefix="portail-bench-")
    courses = os.path.join(tmp, "Courses")
    shutil.copytree(os.path.join(repo, "Tests/Fixtures/sample-course"), os.path.join(courses, "sample-course"))
    env = dict(os.environ, PORTAIL_ADMIN_TOKEN="bench-admin", LOG_LEVEL="error")
    server = subprocess.Popen([args.portail, "serve", "--port", "0", "--db", os.path.join(tmp, "bench.sqlite"),
                               "--courses", courses], stdout=subprocess.PIPE, text=True, env=env)
    try:
        base = None
        for line in server.stdout:
            if line.startswith("Portail is serving on "):
                base = line.split()[-1]
                break
        tokens = []
        for i in range(args.learners):
            learner = call(base, "POST", "/api/v1/learners", "bench-admin", {"name": f"Learner {i}"})
            call(base, "POST", "/api/v1/courses/cafe-associatif/enrollments", "bench-admin", {"learnerId": learner["id"]})
            tokens.append(learner["token"])
        token_file = os.path.join(tmp, "tokens.txt")
        with open(token_file, "w") as f:
            f.write("\n".join(tokens) + "\n")
        wenv = dict(os.environ, PORTAIL_BENCH_TOKENS=token_file)
        results = {}
        results["health"] = wrk(base + "/health", args.seconds)
        wenv["PORTAIL_BENCH_PATH"] = "/api/v1/me/courses/cafe-associatif/scos/SCO-accueil/commits"
        threads_before, wrk_before = thread_cpu(server.pid), os.times()
        results["commits"] = wrk(base + wenv["PORTAIL_BENCH_PATH"], args.seconds, os.path.join(here, "commit.lua"), wenv)
        roles = cpu_by_role(threads_before, thread_cpu(server.pid))
        wrk_after = os.times()
        roles["wrk"] = wrk_after.children_user + wrk_after.children_system - wrk_before.children_user - wrk_before.children_system
        wenv["PORTAIL_BENCH_PATH"] = "/api/v1/me/courses/cafe-associatif/progress"
        results["progress"] = wrk(base + wenv["PORTAIL_BENCH_PATH"], args.seconds, os.path.join(here, "progress.lua"), wenv)
        rss = rss_peak_mb(server.pid)
        server.terminate()
        server.wait(timeout=30)
        floors = {group: storage_floor(here, os.path.join(tmp, "bench.sqlite"), tmp, group) for group in (8, 32)}
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(tmp, ignore_errors=True)
    ceiling = results["health"]["rps"]
    print(f"\nwrk -t2 -c32 -d{args.seconds}s, {args.learners} learners, release build, synchronous=FULL\n")
    print("| workload | req/s | ratio to /health | p50 ms | p99 ms | non-2xx |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        print(f"| {name} | {r['rps']:.0f} | {r['rps'] / ceiling:.2f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['non2xx']} |")
    print(f"\nServer peak RSS: {rss:.0f} MB")
    commits = results["commits"]["rps"] * args.seconds
    cores = os.cpu_count()
    print(f"\nCPU per commit during (b), µs (the machine has {cores} cores):\n")
    print("| where | µs per commit |")
    print("|---|---:|")
    print(f"| server, request threads (HTTP, auth, parsing, validation) | {roles['requests'] / commits * 1e6:.1f} |")
    print(f"| server, storage threads (writer, checkpointer) | {roles['storage'] / commits * 1e6:.1f} |")
    print(f"| wrk | {roles['wrk'] / commits * 1e6:.1f} |")
    for group, floor in floors.items():
        if floor is None:
            continue
        print(f"| storage floor in C, groups of {group} (wall {floor['wall_us']:.1f} µs) | {floor['cpu_us']:.1f} |")
    print(f"| all a commit may take at 50 % of /health: {cores} cores ÷ {0.5 * ceiling:.0f}/s | {cores / (0.5 * ceiling) * 1e6:.1f} |")
    ok = results["commits"]["rps"] >= 0.5 * ceiling and results["commits"]["p99"] <= 20 and rss <= 150
    print("targets (commits >= 50% of /health, p99 <= 20 ms, RSS <= 150 MB):", "met" if ok else "NOT met")

if __name__ == "__main__":
    main()
