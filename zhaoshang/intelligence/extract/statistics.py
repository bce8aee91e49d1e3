"""Statistics: what a zone reports it has done in a period — counts and totals of projects, FDI arrived.

"一季度…签约42个项目, 总投资358.52亿元"; "143个重大项目完成投资247.04亿元"; "实际利用外资2.14亿美元";
"截至目前,亭湖区新开工联东U谷等亿元以上项目46个". A sentence (or its part before a target word such as
力争, 确保) is read item by item; a count and the total in the item after it are one statistic.
"""

from zhaoshang.intelligence.extract import lexicon
from zhaoshang.intelligence.extract.aggregates import (
    aggregate_amount,
    items,
    period_of,
)
from zhaoshang.intelligence.extract.dates import iso
from zhaoshang.intelligence.extract.document import Document


def extract_statistics(document: Document) -> list[dict]:
    found: list[dict] = []
    carried: tuple[int, tuple | None] = (-1, None)  # the period of the paragraph so far
    in_plan = False
    for sentence in document.sentences:
        target = lexicon.TARGET_RE.search(sentence.text)
        in_plan = bool(target) or (in_plan and sentence.follows_semicolon)
        limit = target.start() if target else (0 if in_plan else len(sentence.text))
        sentence_period = period_of(sentence, document, limit)
        if carried[0] != sentence.paragraph:
            carried = (sentence.paragraph, None)
        event, pending = None, None
        for item in items(sentence):
            if item.start + len(item.text) > limit:
                break
            event = item.event or event
            amount = aggregate_amount(item.text)
            if pending is not None and amount is not None and item.count is None and item.event in (
                    None, pending["event"]) and pending["amount"] is None:
                pending["amount"] = amount.as_json()  # "签约42个项目,总投资358.52亿元"
                continue
            if item.count is None and not (amount is not None and item.event in ("fdi_utilised", "investment_completed")):
                continue
            if event is None or (item.count is not None and (not item.projects or item.count < 2)):
                continue
            period = period_of(sentence, document, item.start + len(item.text)) or carried[1]
            pending = {"subject": document.subject_near(sentence.start, sentence.start + item.start + len(item.text)),
                       "period": iso(period), "event": item.event or event, "count": item.count,
                       "amount": amount.as_json() if amount else None, "_sentence": sentence}
            found.append(pending)
        if sentence_period:
            carried = (sentence.paragraph, sentence_period)
    return [_finish(stat, document) for stat in _complete_only(found)]


def _complete_only(found: list[dict]) -> list[dict]:
    """A headline repeats a figure of the text with less detail ("签约三个亿元项目"): keep the full one."""
    keep = []
    for stat in found:
        fuller = any(other is not stat and other["event"] == stat["event"] and other["count"] == stat["count"]
                     and _fields(stat) < _fields(other) and all(stat[k] in (None, other[k]) for k in ("period", "amount"))
                     for other in found)
        if not fuller:
            keep.append(stat)
    return keep


def _fields(stat: dict) -> int:
    return sum(stat[k] is not None for k in ("period", "amount", "count"))


def _finish(stat: dict, document: Document) -> dict:
    sentence = stat.pop("_sentence")
    stat["evidence"] = document.evidence(sentence.start, sentence.end)[0]
    return stat
