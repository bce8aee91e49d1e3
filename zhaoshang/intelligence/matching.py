"""The best match of an extracted project among the zone's projects and enterprises, with the reasons.

Names are compared by their core: a project without 项目/工程/一期 and brackets, a company without the
place it opens with and the legal form it ends with (江苏神众新能源科技有限公司 → 神众新能源). Chinese names
carry no spaces, so rapidfuzz's token ratios reduce to the plain ratio; the partial ratio finds a short name
inside a long one (乾朔电子连接器 in 乾朔电子连接器生产基地), discounted so that an exact name still ranks first.
A project candidate's score weighs its name, its investor and its amount, each where both sides have it.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz, process

from zhaoshang.core.money import format_wan
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.projects.models import Project

MIN_SCORE = 60  # below this a candidate is not shown as a match
SAME_INVESTOR = 90  # an investor similarity from which the investor is taken to be the same
SIMILAR_AMOUNT = Decimal("0.8")  # the smaller amount is at least 80% of the larger
PRESELECT = 20  # candidates by name (and by investor) scored in full
WEIGHTS = {"name": 60, "investor": 25, "amount": 15}

_BRACKETS = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")
_PROJECT_AFFIXES = re.compile(r"(?:[一二三四五六七八九十\d]+期|项目|工程|建设|新建|扩建|改扩建)")
_PROVINCES = ("北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|"
              "四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门|中国")
_COMPANY_PLACE = re.compile(rf"^(?:(?:{_PROVINCES})(?:省|市|自治区)?|[\u4e00-\u9fff]{{2}}(?:市|县|区))+")
_COMPANY_FORM = re.compile(
    r"(?:(?:集团)?(?:股份)?有限(?:责任)?公司|集团|公司|控股|股份|实业|科技|技术|发展|工业|产业|制造|投资)+$")


def project_core(name: str) -> str:
    core = _PROJECT_AFFIXES.sub("", _BRACKETS.sub("", name or ""))
    return core.strip() or (name or "").strip()


def company_core(name: str) -> str:
    core = _COMPANY_FORM.sub("", _COMPANY_PLACE.sub("", _BRACKETS.sub("", name or "")))
    return core.strip() or (name or "").strip()


def similarity(a: str, b: str) -> float:
    """0–100: the plain ratio, or the partial ratio of the shorter inside the longer, discounted."""
    if not a or not b:
        return 0.0
    score = fuzz.ratio(a, b)
    shorter = min(len(a), len(b))
    if shorter >= 3:
        score = max(score, fuzz.partial_ratio(a, b) * (0.9 if shorter >= 4 else 0.8))
    return score


def named_in(company: str, name: str) -> bool:
    """A company's short name (two characters at least) inside a project's name: 乾朔 in 乾朔电子连接器."""
    return len(company) >= 2 and company in name


def amount_similarity(a: Decimal | None, a_currency: str, b: Decimal | None, b_currency: str) -> float | None:
    """The smaller ÷ the larger, ×100; None when either is missing or the currencies differ."""
    if not a or not b or a_currency != b_currency:
        return None
    return float(min(a, b) / max(a, b) * 100)


@dataclass(frozen=True)
class Candidate:
    kind: str  # "project" or "enterprise"
    pk: int
    name: str
    score: int
    reasons: tuple[str, ...]
    investor: str = ""


@dataclass
class Matches:
    project: Candidate | None = None
    enterprise: Candidate | None = None
    projects: list[Candidate] = field(default_factory=list)  # the best few, best first

    @property
    def best(self) -> Candidate | None:
        found = [c for c in (self.project, self.enterprise) if c]
        return max(found, key=lambda c: (c.score, c.kind == "project")) if found else None


@dataclass(frozen=True)
class Wanted:
    """What is known of an extracted project."""

    name: str
    investor: str = ""
    amount: Decimal | None = None
    currency: str = ""


class ZoneIndex:
    """The zone's projects and enterprises with their name cores, loaded once for all records of a page."""

    def __init__(self, zone_id: int):
        self.projects = list(
            Project.objects.filter(zone_id=zone_id)
            .values("pk", "name", "investor_id", "investor__name", "total_investment", "currency")
        )
        self.enterprises = list(Enterprise.objects.filter(zone_id=zone_id).values("pk", "name"))
        self.project_cores = [project_core(p["name"]) for p in self.projects]
        self.investor_cores = [company_core(p["investor__name"]) for p in self.projects]
        self.enterprise_cores = [company_core(e["name"]) for e in self.enterprises]

    def match(self, wanted: Wanted, limit: int = 5) -> Matches:
        name = project_core(wanted.name)
        investor = company_core(wanted.investor) if wanted.investor else ""
        picked = {index for _, _, index in process.extract(name, self.project_cores, scorer=fuzz.partial_ratio,
                                                            limit=PRESELECT)}
        if investor:
            picked |= {index for _, _, index in process.extract(investor, self.investor_cores,
                                                                 scorer=fuzz.partial_ratio, limit=PRESELECT)}
        else:  # a company's short name inside the project's name: 乾朔电子 in 乾朔电子连接器项目
            picked |= {index for _, _, index in process.extract(name, self.investor_cores, scorer=fuzz.partial_ratio,
                                                                 limit=PRESELECT)}
        scored = sorted((self._score_project(wanted, name, investor, index) for index in picked),
                        key=lambda c: (-c.score, c.name, c.pk))
        projects = [c for c in scored if c.score >= MIN_SCORE][:limit]
        return Matches(project=projects[0] if projects else None, enterprise=self._best_enterprise(name, investor),
                       projects=projects)

    def _score_project(self, wanted: Wanted, name: str, investor: str, index: int) -> Candidate:
        row = self.projects[index]
        parts, reasons = {}, []
        parts["name"] = similarity(name, self.project_cores[index])
        reasons.append(f"项目名称相似度 {round(parts['name'])}")
        their_investor = self.investor_cores[index]
        if investor:
            parts["investor"] = similarity(investor, their_investor)
            reasons.append(f"投资方相同: {row['investor__name']}" if parts["investor"] >= SAME_INVESTOR
                           else f"投资方相似度 {round(parts['investor'])}: {row['investor__name']}")
        elif named_in(their_investor, name):
            parts["investor"] = 100.0
            reasons.append(f"项目名称含投资方简称“{their_investor}”")
        amounts = amount_similarity(wanted.amount, wanted.currency, row["total_investment"], row["currency"])
        if amounts is not None:
            parts["amount"] = amounts
            theirs, ours = format_wan(row["total_investment"], row["currency"]), format_wan(wanted.amount, wanted.currency)
            reasons.append(f"总投资{'相近' if amounts >= SIMILAR_AMOUNT * 100 else '不同'}: 文中{ours}, 项目库{theirs}")
        total = sum(WEIGHTS[key] for key in parts)
        score = round(sum(WEIGHTS[key] * value for key, value in parts.items()) / total)
        return Candidate("project", row["pk"], row["name"], score, tuple(reasons), investor=row["investor__name"])

    def _best_enterprise(self, name: str, investor: str) -> Candidate | None:
        query = investor or name
        found = process.extract(query, self.enterprise_cores, scorer=fuzz.partial_ratio, limit=PRESELECT)
        best = None
        for _, _, index in found:
            core = self.enterprise_cores[index]
            if investor:
                score = similarity(investor, core)
                reason = f"投资方名称相似度 {round(score)}"
            elif named_in(core, name):
                # Without an investor, an enterprise whose short name the project's name carries; a longer
                # short name is less likely to be there by chance (80 for two characters, 90 from four).
                score = 70 + 5 * min(len(core), 4)
                reason = f"项目名称含企业简称“{core}”"
            else:
                continue
            candidate = Candidate("enterprise", self.enterprises[index]["pk"], self.enterprises[index]["name"],
                                  round(score), (reason,))
            if candidate.score >= MIN_SCORE and (best is None or (candidate.score, -candidate.pk) > (best.score, -best.pk)):
                best = candidate
        return best
