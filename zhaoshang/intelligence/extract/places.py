"""Places and zones named in a text, resolved to province / city / district by GB/T 2260.

The divisions come from the CSV the geo app ships (zhaoshang/geo/data/divisions_gbt2260.csv), read
directly so that extraction runs without a database. Reports use short forms (启东 for 启东市, 亭湖 for
亭湖区) and name zones after their place (启东经济开发区, 亭湖新洋经济区); a short form that several
divisions share (通州: Beijing and Nantong) is settled by the other places the text names.
"""

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DIVISIONS_CSV = Path(__file__).resolve().parents[2] / "geo" / "data" / "divisions_gbt2260.csv"

_SUFFIX = re.compile(r"^(?P<short>.{2,}?)(?:(?:[\u4e00-\u9fff]{1,5}族)+)?"
                     r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|林区|省|市|区|县|旗|盟)$")
# Short forms that are ordinary words in this genre.
_NOT_PLACES = {"城区", "郊区", "矿区", "市中", "和平", "新华", "长安", "城关", "城中", "城东", "城西", "城南", "城北",
               "开发", "高新", "平安", "太平", "清新", "新城", "新兴", "向阳", "红旗", "前进", "东风", "胜利", "光明",
               "安全", "新市", "永安", "长城", "中原", "东方", "江南", "江北", "河东", "河西", "城厢", "朝阳", "白云",
               "金山", "青山", "海港", "龙华", "铁山", "东山", "西山", "南山", "北山", "中山", "普陀", "鼓楼",
               "宝山", "源汇", "新北", "双桥", "桥东", "桥西", "新区", "中区", "东区", "西区", "南区", "北区"}

ZONE_SUFFIX = (r"经济技术开发区|高新技术产业开发区|高新技术开发区|经济开发区|高新区|经开区|开发区|工业园区|"
               r"产业园区|综合保税区|保税区|自贸片区|自贸区|经济区|科技城|产业园|工业园|园区")
_ZONE = re.compile(rf"(?:{ZONE_SUFFIX})")
_ZONE_STOP = set(",。;:!?、“”‘’()《》 \n的在于与和及等为是将由对从向")
_ZONE_NOT_PREFIX = ("该", "本", "全", "各", "两", "这", "此", "我", "入", "进", "开发区", "园区", "区中", "省级",
                    "国家级", "市级", "新", "重点")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    parent: str


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    codes: tuple[str, ...]  # the divisions it may be


@lru_cache(maxsize=1)
def _divisions() -> dict[str, Division]:
    with DIVISIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["code"]: Division(row["code"], row["name"], row["level"], row["parent"])
                for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def _automaton():
    import ahocorasick

    names: dict[str, list[str]] = {}
    for division in _divisions().values():
        names.setdefault(division.name, []).append(division.code)
        match = _SUFFIX.match(division.name)
        if match and match.group("short") not in _NOT_PLACES and match.group("short") != division.name:
            names.setdefault(match.group("short"), []).append(division.code)
    automaton = ahocorasick.Automaton()
    for name, codes in names.items():
        # a city and its same-named province-level parent (北京市) are one place: keep the most specific
        automaton.add_word(name, (name, tuple(sorted(set(codes)))))
    automaton.make_automaton()
    return automaton


FULL_SUFFIX = tuple("省市区县州旗盟")
# Characters after which a short form (启东, 亭湖) may begin a place name; after any other Chinese character
# it is more likely the tail of a word (长江口 is not 江口县).
_BEFORE_SHORT = set("在于的到赴和与、及从是对为,。;:走进自来至往经原“‘《(\n ")


@lru_cache(maxsize=8192)
def find_divisions(text: str, strict: bool = True) -> tuple[Mention, ...]:
    """Longest non-overlapping division names in text."""
    hits = sorted(((end - len(name) + 1, end + 1, name, codes) for end, (name, codes) in _automaton().iter(text)),
                  key=lambda hit: (hit[0], -(hit[1] - hit[0])))
    out, last = [], 0
    for start, end, name, codes in hits:
        if start < last:
            continue
        if strict and not name.endswith(FULL_SUFFIX) and start > 0 and text[start - 1] not in _BEFORE_SHORT \
                and "\u4e00" <= text[start - 1] <= "\u9fff":
            continue
        out.append(Mention(start, end, name, codes))
        last = end
    return tuple(out)


def _chain(code: str) -> list[Division]:
    divisions, chain = _divisions(), []
    while code:
        division = divisions[code]
        chain.append(division)
        code = division.parent
    return chain


def choose(codes: tuple[str, ...], context: set[str]) -> str | None:
    """The candidate whose ancestors the text also names; None when the text cannot tell them apart."""
    if len(codes) == 1:
        return codes[0]
    deepest = max(codes, key=lambda c: len(_chain(c)))
    if all(code in {d.code for d in _chain(deepest)} for code in codes):
        return deepest  # 北京市 is a province and its own city: one place
    scored = sorted(((sum(1 for d in _chain(code)[1:] if d.code in context), len(_chain(code)), code)
                     for code in codes), reverse=True)
    if scored[0][0] > 0 and (len(scored) == 1 or scored[0][:2] != scored[1][:2]):
        return scored[0][2]
    return None


def context_codes(mentions: list[Mention]) -> set[str]:
    codes = set()
    for mention in mentions:
        for code in mention.codes:
            codes.update(d.code for d in _chain(code))
    return codes


def describe(code: str | None, text: str) -> dict:
    place = {"text": text, "province": None, "city": None, "district": None}
    if code:
        for division in _chain(code):
            if division.level in ("province", "city", "district") and place[division.level] is None:
                place[division.level] = division.name
        if place["city"] is None and place["province"] in ("北京市", "天津市", "上海市", "重庆市"):
            place["city"] = place["province"]
    return place


def find_zones(text: str) -> list[tuple[int, int, str]]:
    """Zone names: a place (or up to six characters) before a zone suffix: 启东经济开发区, 亭湖新洋经济区."""
    zones = []
    mentions = find_divisions(text, strict=False)
    for match in _ZONE.finditer(text):
        start = match.start()
        floor = max(0, start - 10)
        first = start
        while first > floor and text[first - 1] not in _ZONE_STOP:
            first -= 1
        # begin at the first place name inside the run, if any (走进盐城亭湖区 → 盐城亭湖区)
        places = [m.start for m in mentions if first <= m.start < start]
        if places:
            first = places[0]
        elif start - first > 4:
            first = start - 4
        name = text[first:match.end()]
        prefix = name[: start - first]
        if len(prefix) < 2 or prefix.startswith(_ZONE_NOT_PREFIX) or any(ch.isdigit() for ch in prefix):
            continue
        zones.append((first, match.end(), name))
    return zones


def resolve(text: str, context: set[str] | None = None) -> str | None:
    """The most specific division a short text (a zone name, a place phrase) is in."""
    best = None
    mentions = find_divisions(text)
    for mention in mentions:
        others = context_codes([other for other in mentions if other is not mention])
        code = choose(mention.codes, (context or set()) | others)
        if code and (best is None or len(_chain(code)) > len(_chain(best))):
            best = code
    return best
