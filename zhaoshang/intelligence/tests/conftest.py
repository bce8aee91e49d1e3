"""Articles for the review-queue tests: the seed articles (kept in the dev set) and short texts."""

from datetime import date
from pathlib import Path

import pytest

from zhaoshang.intelligence import services

DOCS = Path(__file__).resolve().parents[1] / "devset" / "docs"
SEED_DATE = date(2024, 1, 5)
# A signing ceremony with investors, CNY, USD and HKD amounts (written for the dev set).
CEREMONY = "signing_ceremony_nantong.txt"
SEED_SPUN = "seed000_spun_qidong.txt"  # seed 000, byte for byte
SEED_TRADITIONAL = "seed001_traditional_tinghu.txt"  # seed 001


def read_doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


@pytest.fixture
def submit(zone, officer):
    """Paste a text as the officer (or another user) and return the article."""

    def make(text: str, *, by=officer, in_zone=zone, published_on=SEED_DATE, **fields):
        return services.article_submit(zone=in_zone, by=by, text=text, published_on=published_on, **fields).article

    return make


@pytest.fixture
def ceremony(submit):
    return submit(read_doc(CEREMONY), published_on=date(2024, 4, 18))


def record_named(article, name: str):
    return article.project_records.get(name=name)
