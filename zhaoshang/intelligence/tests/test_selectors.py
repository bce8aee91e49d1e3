"""Reads of the review queue: the text cut for highlighting, and the inbox's counts."""

from zhaoshang.intelligence import selectors, services
from zhaoshang.intelligence.selectors import Segment, segments
from zhaoshang.intelligence.tests.conftest import record_named


def test_the_text_is_cut_at_every_span_and_overlaps_carry_both_records():
    text = "甲乙丙丁戊己"
    assert segments(text, [("p1", 1, 4), ("p2", 1, 3), ("s3", 5, 9)]) == [
        Segment("甲"),
        Segment("乙丙", ("p1", "p2"), ("p1", "p2")),
        Segment("丁", ("p1",)),
        Segment("戊"),
        Segment("己", ("s3",), ("s3",)),  # a span past the end is cut to the text
    ]
    assert "".join(segment.text for segment in segments(text, [])) == text


def test_every_record_of_an_article_is_highlighted_where_its_evidence_is(ceremony):
    projects = list(ceremony.project_records.all())
    figures = list(ceremony.figure_records.all())
    cut = selectors.article_segments(ceremony, projects, figures)
    assert "".join(segment.text for segment in cut) == ceremony.text
    for record in [*projects, *figures]:
        marked = "".join(segment.text for segment in cut if record.key in segment.marks)
        assert marked == ceremony.text[record.span_start:record.span_end]
        assert record.evidence.rstrip("。;") in marked  # plain Simplified text: the evidence as written


def test_the_inbox_counts_pending_projects_statistics_and_targets(ceremony, officer, outsider):
    services.record_reject(record=record_named(ceremony, "宏基智慧物流园项目"), by=officer)
    row = selectors.visible_articles(officer).get()
    assert (row.pending_count, row.project_count) == (3, 4)
    assert row.statistic_count == ceremony.figure_records.filter(kind="statistic").count() > 0
    assert row.target_count == ceremony.figure_records.filter(kind="target").count()
    assert not selectors.visible_articles(outsider).exists()
