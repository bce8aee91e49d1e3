"""Targets: what a zone sets out to reach in a period — counts of projects above a size, FDI to arrive.

"全年新签约亿元以上项目不少于30个, 其中5亿元以上项目不少于10个"; "亿元或3000万美元以上入区项目8个";
"力争全年签约重大外资制造业项目(1000万美元以上)5个, 注册3个"; "实际利用外资不少于8000万美元". A sentence
is a plan when it carries a target word (力争, 确保, 不少于 …); each item from that word on with a
count of projects — or an FDI or investment amount — is one target. An item without a noun of its own
("注册3个") counts the projects of the item before. Targets of enterprises, sales or areas are left out:
the review queue records project targets. Comparator: ">=" (every 力争/确保/不少于 sets a floor) unless
the text caps the figure (不超过, 控制在…以内: "<=").
"""

from zhaoshang.intelligence.extract import lexicon
from zhaoshang.intelligence.extract.aggregates import (
    aggregate_amount,
    bare_count,
    items,
    period_of,
    threshold_in,
)
from zhaoshang.intelligence.extract.dates import find_periods, iso
from zhaoshang.intelligence.extract.document import Document
from zhaoshang.intelligence.extract.money import find_money


def extract_targets(document: Document) -> list[dict]:
    found: list[dict] = []
    year = _year(document)
    in_plan, carried = False, year
    for sentence in document.sentences:
        marker = lexicon.TARGET_RE.search(sentence.text)
        # "全年力求新签约…60个以上;新开工…45个以上": the plan goes on after a semicolon
        in_plan = bool(marker) or (in_plan and sentence.follows_semicolon)
        if not in_plan:
            continue
        if not sentence.follows_semicolon:
            carried = year
        plan_starts = marker.start() if marker else 0
        event, threshold, previous_projects = None, None, False
        for item in items(sentence):
            event = item.event or event
            if item.start + len(item.text) <= plan_starts:
                continue  # "园区招商全速开启,…": before the plan word
            # "全年…不少于25个,一季度…4个": each item takes the period nearest before it
            period = period_of(sentence, document, item.start + len(item.text), specific=False) or carried
            own_threshold = threshold_in(item.text)
            count = item.count
            if count is None and previous_projects and item.event:
                count = bare_count(item.text)  # "注册3个"
                own_threshold = own_threshold or threshold
            if count is not None and (item.projects or previous_projects):
                if event is None or event in ("fdi_utilised", "investment_completed"):
                    continue
                threshold = own_threshold
                found.append(_target(document, sentence, item, period, event, count, own_threshold))
                previous_projects = True
                continue
            amount = aggregate_amount(item.text) or _floor_amount(item.text)
            if amount is not None and item.event in ("fdi_utilised", "investment_completed"):
                found.append(_target(document, sentence, item, period, item.event, None, amount))
                previous_projects = False
        carried = period_of(sentence, document, len(sentence.text), specific=False) or carried
    return found


def _floor_amount(text: str):
    """'实际利用外资不少于8000万美元': the amount after 不少于/达."""
    for money in find_money(text):
        if text[: money.start].endswith(("不少于", "不低于", "达到", "达", "突破", "超过", "力争")):
            return money
    return None


def _target(document, sentence, item, period, event, count, threshold) -> dict:
    comparator = "<=" if lexicon.COMPARATOR_MAX.search(item.text) else ">="
    return {
        "subject": document.subject_near(sentence.start, sentence.start + item.start),
        "period": iso(period),
        "event": event,
        "comparator": comparator,
        "count": count,
        "threshold": threshold.as_json() if threshold else None,
        "evidence": document.evidence(sentence.start, sentence.end)[0],
    }


def _year(document: Document):
    """Targets with no period of their own are for the year of the article (a work plan's 今年)."""
    if document.date is None:
        years = [p.value for p in find_periods(document.text[:2000], None)]
        return years[0] if years else None
    from datetime import date

    return date(document.date.year, 1, 1), date(document.date.year, 12, 31)
