"""Score the extractor on the labelled development set: precision, recall and F1 per kind of record.

`python -m zhaoshang.intelligence.evaluate [--verbose] [DIR]` (or `make eval-extract`). Each document in
devset/docs/ has a .json of expected records beside it (devset/README.md says how they are labelled).
Matching, per document:
- projects: by name (the same after dropping 项目 and quotes, or a SequenceMatcher ratio ≥ 0.95, so
  "建设华通…项目" for "华通…项目" is a miss); "projects with amounts" counts a match only if the amounts (kind, value, currency) agree, over
  the projects that have amounts in the labels or the output;
- amount values: the multiset of (value, currency) of project amounts, statistic amounts and target
  thresholds;
- statistics: (event, period, count, amount); targets: (event, period, comparator, count, threshold).
Stage, stage date, district and subject agreement are printed for matched records, not scored in F1.
Runs without Django.
"""

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from zhaoshang.intelligence.extract.api import extract
from zhaoshang.intelligence.extract.readers import read_text

DEVSET = Path(__file__).resolve().parent / "devset" / "docs"
TARGETS = {"projects with amounts": 0.9, "amount values": 0.95, "statistics": 0.85, "targets": 0.85}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Agreement:
    same: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.same += bool(ok)
        self.total += 1

    def __str__(self) -> str:
        return f"{self.same}/{self.total}"


@dataclass
class Report:
    scores: dict = field(default_factory=lambda: {name: Score() for name in
                                                   ("projects", "projects with amounts", "amount values",
                                                    "statistics", "targets")})
    agreement: dict = field(default_factory=lambda: {name: Agreement() for name in
                                                      ("stage", "stage date", "district", "investor",
                                                       "outputs", "statistic subject", "target subject")})
    misses: list = field(default_factory=list)


def _name_key(name: str) -> str:
    return name.replace("项目", "").strip("“”\"' ")


def same_name(a: str, b: str) -> bool:
    a, b = _name_key(a), _name_key(b)
    if not a or not b:
        return False
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.95


def _amounts(project: dict) -> Counter:
    return Counter((a["kind"], a["value"], a["currency"]) for a in project["amounts"])


def _money(value: dict | None):
    return (value["value"], value["currency"]) if value else None


def _pair_projects(expected: list, found: list) -> list[tuple[dict, dict]]:
    pairs, free = [], list(found)
    for gold in expected:
        match = next((p for p in free if same_name(gold["name"], p["name"])), None)
        if match is not None:
            pairs.append((gold, match))
            free.remove(match)
    return pairs


def _counted(expected: Counter, found: Counter) -> tuple[int, int, int]:
    tp = sum((expected & found).values())
    return tp, sum(found.values()) - tp, sum(expected.values()) - tp


def _stat_key(s: dict) -> tuple:
    return s["event"], tuple(s["period"] or ()), s["count"], _money(s["amount"])


def _target_key(t: dict) -> tuple:
    return t["event"], tuple(t["period"] or ()), t["comparator"], t["count"], _money(t["threshold"])


def score_document(label: dict, result: dict, report: Report) -> None:
    name = label["document"]
    scores, agree = report.scores, report.agreement
    pairs = _pair_projects(label["projects"], result["projects"])
    scores["projects"].add(len(pairs), len(result["projects"]) - len(pairs), len(label["projects"]) - len(pairs))
    with_gold = [p for p in label["projects"] if p["amounts"]]
    with_found = [p for p in result["projects"] if p["amounts"]]
    right = [(g, f) for g, f in pairs if g["amounts"] and _amounts(g) == _amounts(f)]
    scores["projects with amounts"].add(len(right), len(with_found) - len(right), len(with_gold) - len(right))
    for gold, found in pairs:
        agree["stage"].add(gold["stage"] == found["stage"])
        if gold["stage_date"]:
            agree["stage date"].add(gold["stage_date"] == found["stage_date"])
        if gold["district"]:
            agree["district"].add(gold["district"] == ((found["place"] or {}).get("district")))
        if gold["investor"]:
            agree["investor"].add(bool(found["investor"]) and same_name(gold["investor"], found["investor"]))
        if gold["outputs"]:
            agree["outputs"].add(Counter((o["kind"], o["value"]) for o in gold["outputs"])
                                 == Counter((o["kind"], o["value"]) for o in found["outputs"]))
    gold_money = Counter((a["value"], a["currency"]) for p in label["projects"] for a in p["amounts"])
    gold_money += Counter(_money(s["amount"]) for s in label["statistics"] if s["amount"])
    gold_money += Counter(_money(t["threshold"]) for t in label["targets"] if t["threshold"])
    found_money = Counter((a["value"], a["currency"]) for p in result["projects"] for a in p["amounts"])
    found_money += Counter(_money(s["amount"]) for s in result["statistics"] if s["amount"])
    found_money += Counter(_money(t["threshold"]) for t in result["targets"] if t["threshold"])
    scores["amount values"].add(*_counted(gold_money, found_money))
    for kind, key in (("statistics", _stat_key), ("targets", _target_key)):
        gold, found = Counter(map(key, label[kind])), Counter(map(key, result[kind]))
        scores[kind].add(*_counted(gold, found))
        subjects = {key(r): r["subject"] for r in result[kind]}
        for record in label[kind]:
            if record.get("subject") and key(record) in subjects:
                agree["statistic subject" if kind == "statistics" else "target subject"].add(
                    subjects[key(record)] == record["subject"])
        for missing in gold - found:
            report.misses.append(f"{name}: missing {kind[:-1]} {missing}")
        for extra in found - gold:
            report.misses.append(f"{name}: extra   {kind[:-1]} {extra}")
    for gold in label["projects"]:
        if not any(gold is g for g, _ in pairs):
            report.misses.append(f"{name}: missing project {gold['name']} {sorted(_amounts(gold))}")
    for found in result["projects"]:
        if not any(found is f for _, f in pairs):
            report.misses.append(f"{name}: extra   project {found['name']} {sorted(_amounts(found))}")
    for gold, found in pairs:
        if _amounts(gold) != _amounts(found):
            report.misses.append(f"{name}: amounts of {gold['name']}: expected {sorted(_amounts(gold))}, "
                                 f"got {sorted(_amounts(found))}")


def evaluate(directory: Path = DEVSET) -> Report:
    report = Report()
    for label_path in sorted(directory.glob("*.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        document = directory / label["document"]
        result = extract(read_text(document), date=label["date"], source=document.name)
        score_document(label, result, report)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Precision, recall and F1 of the extractor on the dev set.")
    parser.add_argument("directory", nargs="?", type=Path, default=DEVSET)
    parser.add_argument("--verbose", "-v", action="store_true", help="list every missing and extra record")
    args = parser.parse_args(argv)
    report = evaluate(args.directory)
    documents = len(list(args.directory.glob("*.json")))
    print(f"Development set: {documents} documents, {args.directory}")
    print(f"{'':24}{'precision':>10}{'recall':>8}{'F1':>7}{'TP':>5}{'FP':>5}{'FN':>5}  target")
    for name, score in report.scores.items():
        goal = TARGETS.get(name)
        verdict = "" if goal is None else f"F1 ≥ {goal}: {'met' if score.f1 >= goal else 'NOT MET'}"
        print(f"{name:24}{score.precision:10.3f}{score.recall:8.3f}{score.f1:7.3f}"
              f"{score.tp:5}{score.fp:5}{score.fn:5}  {verdict}")
    print("agreement on matched records: " + ", ".join(f"{k} {v}" for k, v in report.agreement.items()))
    if args.verbose:
        print("\n".join(report.misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
