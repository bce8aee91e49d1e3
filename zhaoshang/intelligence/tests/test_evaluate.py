"""The development set is well formed and the extractor keeps the issue's quality bar on it."""

import json

from zhaoshang.intelligence.evaluate import DEVSET, TARGETS, evaluate, same_name


def test_every_label_names_an_existing_document_and_there_are_enough_facts():
    facts = 0
    for label_path in DEVSET.glob("*.json"):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        assert (DEVSET / label["document"]).exists()
        facts += len(label["projects"]) + len(label["statistics"]) + len(label["targets"])
    assert facts >= 60


def test_the_issue_targets_hold_on_the_development_set():
    report = evaluate()
    for name, goal in TARGETS.items():
        assert report.scores[name].f1 >= goal, name


def test_names_match_only_when_they_are_the_same_project():
    assert same_name("景创锂钠动力储能项目", "景创锂钠动力储能")
    assert not same_name("建设华通机器人核心部件生产基地项目", "华通机器人核心部件生产基地项目")
    assert not same_name("钠离子电池", "新能源装备生产基地")
