#!/usr/bin/env python3
"""Score `pyworkers-lsp check` on the held-out sets of real public Workers.

    python3 testdata/heldout/score.py BINARY [BINARY...]

Each repository of sets.tsv is exported at its commit (from a mirror under
$HELDOUT_MIRROR/<owner>+<name>/repo when present, else cloned from
GitHub), checked with the value-flow rules, and the findings compared with
the hand labels of labels.tsv: recall and precision per set, and PW204
recall. The fetched code is not kept in the repository.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RULES = "PW202,PW204,PW208,PW210"


def rows(name):
    with open(os.path.join(HERE, name)) as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                yield line.split("\t")


def export(repo, commit, dest):
    mirror = os.path.join(os.environ.get("HELDOUT_MIRROR", "/work/.mirror"), repo.replace("/", "+"), "repo")
    if not os.path.isdir(mirror):
        mirror = os.path.join(dest, ".clone")
        subprocess.run(["git", "clone", "-q", "--bare", "https://github.com/" + repo, mirror], check=True)
    tar = subprocess.run(["git", "-C", mirror, "archive", commit], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", dest], input=tar, check=True)


def findings(binary, root):
    out = subprocess.run([binary, "check", "--format", "json", "--exit-zero", "--select", RULES, "."],
                         cwd=root, capture_output=True, text=True).stdout
    return {(d["file"], d["location"]["row"], d["code"]) for d in json.loads(out)["diagnostics"]}


def main(binaries):
    labels = {}
    for s, repo, path, line, code, _ in rows("labels.tsv"):
        labels.setdefault((s, repo), set()).add((path, int(line), code))
    sets = list(rows("sets.tsv"))
    with tempfile.TemporaryDirectory() as tmp:
        roots = {}
        for s, repo, commit in sets:
            root = os.path.join(tmp, repo.replace("/", "+"))
            os.makedirs(root)
            export(repo, commit, root)
            roots[repo] = root
        for binary in binaries:
            print(f"## {binary}")
            print("| set | repositories | hazards | findings | true | false | recall | precision |")
            print("|---|---|---|---|---|---|---|---|")
            totals = {}
            pw204 = [0, 0]
            for s, repo, _ in sets:
                got = findings(binary, roots[repo])
                want = labels.get((s, repo), set())
                t = totals.setdefault(s, [0, 0, 0, 0, 0])
                t[0] += 1
                t[1] += len(want)
                t[2] += len(got)
                t[3] += len(got & want)
                t[4] += len(got - want)
                pw204[0] += len({w for w in want if w[2] == "PW204"})
                pw204[1] += len({w for w in want & got if w[2] == "PW204"})
                for f in sorted(got - want):
                    print(f"<!-- false positive: {repo} {f} -->")
                for f in sorted(want - got):
                    print(f"<!-- missed: {repo} {f} -->")
            for s, (n, hazards, found, true, false) in totals.items():
                recall = f"{true / hazards:.2f}" if hazards else "n/a"
                precision = f"{true / found:.2f}" if found else "n/a"
                print(f"| {s} | {n} | {hazards} | {found} | {true} | {false} | {recall} | {precision} |")
            print(f"\nPW204 recall: {pw204[1]} of {pw204[0]}\n")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
