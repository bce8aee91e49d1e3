"""`extract(text, date=None, source=None)`: the one entry point, returning the JSON shape of issue 5.

Deterministic: no randomness, no dictionary-order dependence on anything but the input, so the same
text gives the same document (the review queue recognises a re-upload by it).
"""

from datetime import date as Date

from zhaoshang.intelligence.extract import document as documents
from zhaoshang.intelligence.extract import places
from zhaoshang.intelligence.extract.dates import find_periods, infer_article_date
from zhaoshang.intelligence.extract.money import find_money
from zhaoshang.intelligence.extract.normalise import normalise
from zhaoshang.intelligence.extract.projects import extract_projects
from zhaoshang.intelligence.extract.statistics import extract_statistics
from zhaoshang.intelligence.extract.targets import extract_targets


def extract(text: str, date: Date | str | None = None, source: str | None = None) -> dict:
    """Projects, statistics and targets of one article; `date` resolves 去年, 今年一季度 and the like."""
    if isinstance(date, str):
        date = Date.fromisoformat(date)
    clean = normalise(text)
    article_date = date or infer_article_date(clean.text)
    document = documents.build(clean, article_date)
    return {
        "source": source,
        "date": article_date.isoformat() if article_date else None,
        "projects": extract_projects(document),
        "statistics": extract_statistics(document),
        "targets": extract_targets(document),
    }


def clear_caches() -> None:
    """Forget the per-clause caches (the benchmark clears them so that repeated articles are not free)."""
    for cached in (find_money, find_periods, places.find_divisions):
        cached.cache_clear()
