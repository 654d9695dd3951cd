#!/usr/bin/env python3
"""Course benchmark (make bench): a synthetic course of 200 modules x 10 lessons (~2 KB of Markdown each, a
quiz per module, 5 MB of images), built and validated, against references run in the same session on the same
files: `zip -r -q -6` of the built package's own tree (for build) and PyYAML parsing every YAML file and front
matter (for validate). Also the build time of Courses/facilitateur."""
import argparse, os, random, shutil, statistics, subprocess, sys, tempfile, time, zipfile

WORDS = ("le tiers-lieu rural réunit des personnes autour d’activités partagées et la facilitatrice "
         "accompagne le collectif dans la durée avec les partenaires du territoire ").split()

IMAGES = 50  # 50 x 100 KiB = 5 MiB of already-compressed image data

def generate(root, modules, lessons, questions):
    os.makedirs(os.path.join(root, "assets"))
    rng = random.Random(42)
    for i in range(IMAGES):
        with open(os.path.join(root, "assets", f"photo-{i}.jpg"), "wb") as f:
            f.write(b"\xff\xd8\xff\xe0" + bytes(rng.getrandbits(8) for _ in range(100 * 1024 - 4)))
    names = []
    for m in range(modules):
        folder = f"{m:02d}-module"
        names.append(folder)
        os.makedirs(os.path.join(root, folder))
        files = []
        for l in range(lessons):
            name = f"{l:02d}-lecon.md"
            files.append(name)
            body = "\n\n".join(" ".join(WORDS[(i + j) % len(WORDS)] for j in range(50)) for i in range(5))
            image = (m * lessons + l) % IMAGES
            with open(os.path.join(root, folder, name), "w") as f:
                f.write(f"---\nid: m{m}-l{l}\ntitle: \"Leçon {l}\"\nduration: 8\n---\n\n## Partie\n\n{body}\n\n"
                        f"![Photo {image} du module](../assets/photo-{image}.jpg)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
        qs = []
        for q in range(questions):
            qs.append(f"  - id: q{q}\n    type: single\n    prompt: \"Question {q} ?\"\n    choices:\n"
                      f"      - text: \"Oui\"\n        correct: true\n      - text: \"Non\"\n"
                      f"    feedback: {{correct: \"Bien.\", incorrect: \"Non.\"}}\n")
        with open(os.path.join(root, folder, "quiz.yaml"), "w") as f:
            f.write("questions:\n" + "".join(qs))
        with open(os.path.join(root, folder, "module.yaml"), "w") as f:
            f.write(f"id: module-{m}\ntitle: \"Module {m}\"\nobjectives: [\"Comprendre.\"]\nduration: 90\nlessons:\n"
                    + "".join(f"  - {n}\n" for n in files) + "quiz: quiz.yaml\n")
    with open(os.path.join(root, "course.yaml"), "w") as f:
        f.write("id: bench\ntitle: \"Bench\"\nlanguage: fr\nversion: \"1\"\ndescription: \"x\"\nlicence: \"CC BY\"\n"
                "objectives: [\"x\"]\npassingScore: 70\norder: sequential\nmodules:\n"
                + "".join(f"  - {n}\n" for n in names))

def timed(command, runs, **kw):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, **kw)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)

def yaml_reference(root):
    import yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            if name.endswith(".yaml"):
                yaml.load(open(path, encoding="utf-8"), Loader=loader)
            elif name.endswith(".md"):
                text = open(path, encoding="utf-8").read()
                yaml.load(text.split("---")[1], Loader=loader)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--portail", required=True)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="portail-course-bench-")
    try:
        course = os.path.join(tmp, "course")
        generate(course, modules=200, lessons=10, questions=8)
        validate = timed([args.portail, "validate", course], args.runs)
        reference = timed([sys.executable, "-c", f"import sys; sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r});"
                           f"from course_bench import yaml_reference; yaml_reference({course!r})"], args.runs)
        out = os.path.join(tmp, "bench.zip")
        build = timed([args.portail, "build", course, "--standard", "scorm2004", "--output", out], args.runs)
        unpacked = os.path.join(tmp, "unpacked")
        zipfile.ZipFile(out).extractall(unpacked)
        count = sum(len(f) for _, _, f in os.walk(unpacked))
        zip_reference = timed(["zip", "-r", "-q", "-6", os.path.join(tmp, "ref.zip"), "."], args.runs, cwd=unpacked)
        facilitateur = timed([args.portail, "build", os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                              "Courses/facilitateur"), "--standard", "scorm2004", "--output", os.path.join(tmp, "f.zip")], args.runs)
        lesson_bytes = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(course) for f in fs if f.endswith(".md"))
        print(f"\nGenerated course: 200 modules x 10 lessons ({lesson_bytes / 2000 / 1024:.1f} KiB of Markdown each), "
              f"a quiz per module, {IMAGES} images (5 MiB); package {count} files; median of {args.runs} runs\n")
        print("| task | Portail s | reference | reference s | ratio |")
        print("|---|---:|---|---:|---:|")
        print(f"| validate | {validate:.3f} | PyYAML parse of the same YAML and front matter | {reference:.3f} | {validate / reference:.2f} |")
        print(f"| build (SCORM 2004 zip) | {build:.3f} | zip -r -q -6 of the package's files | {zip_reference:.3f} | {build / zip_reference:.2f} |")
        print(f"\nCourses/facilitateur, portail build --standard scorm2004: {facilitateur * 1000:.0f} ms (target < 300 ms)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

if __name__ == "__main__":
    main()
