"""The `zhaoshang` command runs the project's management commands under one name."""

import pytest

from zhaoshang.cli import main


def test_the_command_passes_words_to_django(capsys):
    main(["check"])
    assert "no issues" in capsys.readouterr().out


@pytest.mark.django_db
def test_worker_runs_what_is_queued_and_exits_with_once(capsys):
    main(["worker", "--once"])
    assert "ran 0 job(s)" in capsys.readouterr().out
