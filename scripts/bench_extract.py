"""Throughput of the text extractor (issue 5): articles of 2,000 characters per second on one core after
start-up, and the start-up time (import, first call: loading the divisions and the dictionaries).

    .venv/bin/python scripts/bench_extract.py [--seconds 10]

The articles are built from the development set (every document, Traditional, spun and HTML pages
included), cut or repeated to 2,000 characters, so the mix of normalisation work is the real one.
Start-up is measured in a fresh interpreter. Not a test: numbers depend on the machine.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ARTICLE_CHARS = 2000
STARTUP = """
import time
started = time.perf_counter()
from zhaoshang.intelligence.extract.api import extract
imported = time.perf_counter()
extract("2024年,启東經濟開發區新签约亿元以上项目30个,總投資358.52億元。", date="2024-04-01")
print(imported - started, time.perf_counter() - started)
"""


def articles() -> list[str]:
    from zhaoshang.intelligence.extract.readers import read_text

    docs = sorted((ROOT / "zhaoshang" / "intelligence" / "devset" / "docs").glob("*.*"))
    texts = [read_text(path) for path in docs if path.suffix != ".json"]
    out = []
    for text in texts:
        while len(text) < ARTICLE_CHARS:
            text += "\n" + text
        out.append(text[:ARTICLE_CHARS])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to run the throughput loop")
    args = parser.parse_args()
    runs = [subprocess.run([sys.executable, "-c", STARTUP], cwd=ROOT, capture_output=True, text=True, check=True)
            for _ in range(3)]
    startups = sorted(tuple(map(float, run.stdout.split())) for run in runs)
    imported, first = startups[1]
    print(f"start-up (median of 3 fresh interpreters): import {imported:.2f} s, import + first article {first:.2f} s")

    from zhaoshang.intelligence.extract.api import clear_caches, extract

    texts = articles()
    extract(texts[0], date="2024-01-05")  # start-up is not part of the throughput
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < args.seconds:
        for text in texts:
            clear_caches()  # each article pays for its own clauses, as a new article would
            extract(text, date="2024-01-05")
        done += len(texts)
    elapsed = time.perf_counter() - started
    print(f"throughput: {done / elapsed:.0f} articles of {ARTICLE_CHARS} characters per second on one core "
          f"({done} articles in {elapsed:.1f} s; target ≥ 100)")


if __name__ == "__main__":
    main()
