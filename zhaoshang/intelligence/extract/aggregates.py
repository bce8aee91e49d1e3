"""What statistics and targets share: counts of projects, the event counted, thresholds, periods.

Both speak of projects in bulk ("签约42个项目", "新签约亿元以上项目不少于30个", "实际利用外资2.14亿美元"):
a statistic reports such a figure for a past period, a target sets one for a coming period. A sentence is
cut into items at commas, semicolons and 、; the event of an item carries to the items after it, so
"全年新开工项目不少于25个,5亿元以上项目8个" gives two targets of new starts.
"""

import re
from dataclasses import dataclass

from zhaoshang.intelligence.extract import lexicon
from zhaoshang.intelligence.extract.dates import find_periods, most_specific
from zhaoshang.intelligence.extract.document import Document, Sentence
from zhaoshang.intelligence.extract.money import Money, find_money
from zhaoshang.intelligence.extract.numbers import NUMBER, to_int

_ITEM = re.compile(r"[^,;、]+[,;、]?")
_COUNT_AFTER = re.compile(rf"(?P<n>{NUMBER})(?:余|多)?个(?P<mid>[^,。;、]{{0,16}}?)项目(?!信息)")
_COUNT_BEFORE = re.compile(rf"项目(?:信息)?(?P<mid>(?:\([^)]{{0,16}}\))?[^,。;、]{{0,6}}?)(?:不少于|不低于|达到|达|至少|共|合计|累计|总数)?"
                           rf"(?:近|约|超)?(?P<n>{NUMBER})(?:余|多)?个")
_BARE_COUNT = re.compile(rf"^(?:[^,。;]{{0,8}}?)(?:不少于|不低于|至少)?(?P<n>{NUMBER})(?:余|多)?个[,;。]?$")
_NOT_PROJECTS = re.compile(r"企业|公司|家|平台|机构|活动|小组|人才|载体|专班")
_EVENT = re.compile(r"(?P<fdi>实际利用外资|实际使用外资|利用外资|使用外资|到账外资|实到外资|外资到账)"
                    r"|(?P<done>完成[\u4e00-\u9fff]{0,4}?投资)"
                    rf"|(?P<stage>{lexicon.STAGE_RE.pattern})")
AGGREGATE_AMOUNT = re.compile(r"(?:计划|协议|累计|合计|共计)?(?:总投资|投资总额|总投资额|投资额|投资|固定资产投资|"
                              r"(?:合同|协议|注册)(?:外资|港资|台资)(?:金额)?)"
                              r"(?:约|达到|达|超过|超|近|逾|为|共|合计|计)?$")


@dataclass
class Item:
    start: int  # in the sentence
    text: str
    event: str | None
    count: int | None
    projects: bool  # speaks of projects (a count of 项目 or an event of projects)


def event_in(text: str) -> str | None:
    """The event an item speaks of: the first event word, 外资 and 完成投资 before stage words."""
    for match in _EVENT.finditer(text):
        if match.group("fdi"):
            return "fdi_utilised"
        if match.group("done"):
            return "investment_completed"
        stage = lexicon.STAGE_WORDS[match.group("stage")]
        if not stage or match.group("stage") in ("推进", "施工", "封顶", "主体封顶", "落地"):
            continue
        return stage
    return None


def count_in(text: str) -> int | None:
    for pattern in (_COUNT_AFTER, _COUNT_BEFORE):
        match = pattern.search(text)
        if match and not _NOT_PROJECTS.search(match.group("mid")):
            return to_int(match.group("n"))
    return None


def bare_count(text: str) -> int | None:
    """'注册3个' — a count whose noun is the one of the item before."""
    match = _BARE_COUNT.match(text)
    return to_int(match.group("n")) if match and not _NOT_PROJECTS.search(text) else None


def items(sentence: Sentence) -> list[Item]:
    out = []
    for match in _ITEM.finditer(sentence.text):
        text = match.group()
        count = count_in(text)
        out.append(Item(match.start(), text, event_in(text), count, count is not None or "项目" in text))
    return out


def threshold_in(text: str) -> Money | None:
    """The size class of the projects counted: 亿元以上, 5亿元以上, (1000万美元以上), 亿元或3000万美元以上."""
    for money in find_money(text):
        rest = text[money.end:]
        if money.qualifier == "at_least" or money.implied or re.match(r"\s*(?:\(或[^)]*\)|或[^项,]*?)?以上", rest):
            return money
    return None


def aggregate_amount(text: str) -> Money | None:
    """A total of several projects, or arrived FDI: 总投资358.52亿元, 完成投资247.04亿元, 外资2.14亿美元."""
    for money in find_money(text):
        prefix, rest = text[: money.start], text[money.end:]
        if money.implied or rest.startswith(("的", "以上的")) or re.match(r"以上(?:的)?[^,。;]{0,8}项目", rest):
            continue
        if AGGREGATE_AMOUNT.search(prefix[-10:]) or _EVENT.search(prefix[-8:] or "x") and (
                event_in(prefix[-8:]) in ("fdi_utilised", "investment_completed")):
            return money
    return None


def period_of(sentence: Sentence, document: Document, before: int, specific: bool = True) -> tuple | None:
    """The period named in the sentence before `before`: the most specific one (a signing ceremony's
    day over the quarter in its title), or the nearest when `specific` is false; else None."""
    found = [p for p in find_periods(sentence.text, document.date) if p.start < before]
    if not found:
        return None
    return most_specific(found) if specific else found[-1].value
