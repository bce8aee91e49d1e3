"""`zhaoshang extract FILE... [--date]`: JSON per input on stdout, JSON errors on stderr, exit status."""

import io
import json

import pytest
from django.core.management import call_command

from zhaoshang.intelligence.extract import cli
from zhaoshang.intelligence.management.commands.extract import Command


def test_one_json_document_per_input(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("乾朔电子连接器项目总投资5亿元,去年12月开工。", encoding="utf-8")
    second.write_text("没有项目的文字。", encoding="utf-8")
    out = io.StringIO()
    call_command(Command(), str(first), str(second), "--date", "2024-01-05", stdout=out)
    documents = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [d["source"] for d in documents] == [str(first), str(second)]
    assert documents[0]["date"] == "2024-01-05"
    assert documents[0]["projects"][0]["stage_date"] == "2023-12"
    assert documents[1]["projects"] == []


def test_a_bad_file_is_reported_as_json_and_the_exit_status_is_not_zero(tmp_path):
    good, bad = tmp_path / "a.txt", tmp_path / "b.pdf"
    good.write_text("项目总投资5亿元。", encoding="utf-8")
    bad.write_bytes(b"%PDF-broken")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command(Command(), str(good), str(bad), stdout=out, stderr=err)
    assert exited.value.code == cli.EXIT_FAILED
    assert json.loads(out.getvalue())["source"] == str(good)
    error = json.loads(err.getvalue())
    assert error["error"] == "broken_file" and error["message_zh"] and error["message_en"]


def test_a_bad_date_is_a_usage_error(tmp_path):
    err = io.StringIO()
    assert cli.run([str(tmp_path / "a.txt")], "2024-13-01", io.StringIO(), err) == cli.EXIT_USAGE
    assert json.loads(err.getvalue())["error"] == "bad_argument"
