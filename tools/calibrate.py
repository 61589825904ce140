#!/usr/bin/env python3
"""Fits the weights of `answerable` (src/kb/search.rs): whether a first hit that every other rule
would answer is a question the bot answers at all.

Runs `refuge ask --json` over labelled eval files with the check switched off
(`search.answerable = -100`), keeps every query answered confidently, and fits a logistic
regression: the right entry for a labelled query (1) against any answer to a query that must get
none (0). The threshold is the highest that keeps all but `--lost` of the right answers. Prints
the constants to paste into search.rs and the figures on the files held out.

    cargo build --release --no-default-features
    python3 tools/calibrate.py --hold-out batch19 --hold-out batch20 tests/eval/*.toml

Needs numpy (`pip install numpy`). Not part of the build or the tests.
"""

import argparse
import json
import os
import subprocess
import tempfile
import tomllib

import numpy as np

SIGNALS = ["reads_as/10", "direct", "coverage", "curated", "words/8", "content/16", "runner_up", "hy-Latn", "ar-Latn"]


def signals(r):
    """The same signals, in the same order, as `answerable` in src/kb/search.rs."""
    first = r["ranked"][0]
    second = r["ranked"][1]["score"] / max(first["score"], 1e-30) if len(r["ranked"]) > 1 else 0.0
    return [
        r["reads_as"] / 10.0,
        first["direct"],
        first["coverage"],
        first["curated"],
        min(first["words"], 8) / 8.0,
        min(r["content_words"], 16) / 16.0,
        second,
        float(r["style"] == "hy-Latn"),
        float(r["style"] == "ar-Latn"),
    ]


def ask(binary, root, config, queries):
    text = "\n".join(q["text"].replace("\n", " ") for q in queries) + "\n"
    out = subprocess.run(
        [binary, "ask", "--json", "--config", config, "-"],
        input=text, capture_output=True, text=True, cwd=root, check=True,
    ).stdout.splitlines()
    assert len(out) == len(queries), "one answer per query"
    return [json.loads(line) for line in out]


def rows(binary, root, config, path):
    """(signals, label) for each query answered confidently."""
    with open(path, "rb") as f:
        queries = tomllib.load(f)["query"]
    for q, r in zip(queries, ask(binary, root, config, queries)):
        if r["kind"] != "answer" or not r["confident"] or r.get("reads_as") is None:
            continue
        if q.get("expect") is None:
            yield signals(r), 0
        elif r["id"] == q["expect"]:
            yield signals(r), 1


def fit(x, y, penalty=0.05, steps=50):
    """Logistic regression by Newton's method, L2 on the weights (not the intercept)."""
    x1 = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(x1.shape[1])
    reg = np.full(x1.shape[1], 2 * penalty)
    reg[-1] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x1 @ w))
        grad = x1.T @ (p - y) + reg * w
        hess = (x1 * (p * (1 - p))[:, None]).T @ x1 + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w[:-1], w[-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--bin", default="target/release/refuge")
    ap.add_argument("--hold-out", action="append", default=[], help="files whose name has this are not fitted on")
    ap.add_argument("--lost", type=float, default=0.002, help="share of right answers the threshold may lose")
    args = ap.parse_args()
    root = os.getcwd()
    binary = os.path.abspath(args.bin)
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as cfg:
        cfg.write(f'[search]\nanswerable = -100.0\n[knowledge]\ndir = "{root}/knowledge"\n[locales]\ndir = "{root}/locales"\n')
    data = {"fit": ([], []), "held out": ([], [])}
    for path in args.files:
        part = "held out" if any(h in os.path.basename(path) for h in args.hold_out) else "fit"
        for s, label in rows(binary, root, cfg.name, path):
            data[part][0].append(s)
            data[part][1].append(label)
    os.unlink(cfg.name)
    x, y = np.array(data["fit"][0]), np.array(data["fit"][1])
    weights, intercept = fit(x, y)
    odds = x @ weights + intercept
    right = np.sort(odds[y == 1])
    threshold = float(right[int(args.lost * len(right))])
    print(f"const ANSWERABLE_WEIGHTS: [f32; {len(SIGNALS)}] = [" + ", ".join(f"{w:.3f}" for w in weights) + "];")
    print(f"const ANSWERABLE_INTERCEPT: f32 = {intercept:.3f};")
    print(f"const ANSWERABLE_THRESHOLD: f32 = {threshold:.3f};")
    print("signals: " + ", ".join(SIGNALS))
    for part, (xs, ys) in data.items():
        if not xs:
            continue
        xs, ys = np.array(xs), np.array(ys)
        kept = xs @ weights + intercept >= threshold
        print(
            f"{part}: right answers {ys.sum()}, lost {int((~kept & (ys == 1)).sum())}; "
            f"answers that must not be {int((ys == 0).sum())}, kept from answering {int((~kept & (ys == 0)).sum())}"
        )


if __name__ == "__main__":
    main()
