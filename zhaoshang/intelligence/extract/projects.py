"""Projects named in an article, with investor, place, amounts, stage, expected outputs and evidence.

News of this genre names a project once ("乾朔电子连接器项目建设现场…") and gives its facts in the
sentences after it ("该项目总投资5亿元…", "自去年12月动工以来…"), or lists several at once ("新签约总投资
100亿元的天合光能、50亿元的景创锂钠动力储能等亿元以上项目98个"). So mentions are found first — names
ending in 项目, items of an enumeration closed by 等/……, a company's project — and each later clause is
attached to the project it is about: the one it names, else the one "该项目/项目" refers back to.
Amounts count only after an investment word (总投资, 固定资产投资, 外资 …): a company's size
("年产值360亿元的上市公司") or a class ("亿元以上项目") is not a project's investment.
"""

import re
from dataclasses import dataclass, field

from zhaoshang.intelligence.extract import lexicon, places
from zhaoshang.intelligence.extract.aggregates import count_in
from zhaoshang.intelligence.extract.dates import find_dates
from zhaoshang.intelligence.extract.document import Document, Sentence
from zhaoshang.intelligence.extract.money import Money, find_money
from zhaoshang.intelligence.extract.numbers import decimal_text

_STOP = set(",。;:!?、“”‘’「」《》()【】[]…\n 的在于是把对从由为被让向和与或等")
_MAX_NAME = 32
# Verbs and openers before a name: the name starts after the last of them.
_LEAD = re.compile(r"走进|来到|位于|跟踪|对接|引进|招引|新签约|签约|签订|签署|新开工|开工|动工|推进|推动|加快|服务|"
                   r"包括|涵盖|聚焦|实施|落户|洽谈|考察|参观|调研|视察|督查|督导|看望|获悉|了解到|据悉|其中|另外|此外|"
                   r"目前|日前|近日|近期|今年以来|今年|去年|正在|全力|重点|先后|陆续|集中|成功|相继|又一|首个|当天|"
                   r"新引进|新招引|还有|以及|如|例如|比如|总投资|计划投资|投资|建设|新建|扩建|打造")
_DATE_HEAD = re.compile(r"^(?:(?:19|20)\d{2}年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月(?:\d{1,2}日|份|初|中旬|下旬|底)?")
_GENERIC = re.compile(r"重大|重点|产业化|产业|工业|制造业|制造|外资|内资|科创|科技|招商|在建|在谈|新建|续建|新开工|新签约|"
                      r"签约|开工|竣工|投产|亿元|以上|一大批|一批|批|优质|配套型|配套|省级|市级|区级|各类|相关|这些|上述|"
                      r"该|本|此|其|多个|服务业|现代|示范|储备|落地|入区|入园|新|大|好|类|个|余|多|[一二三四五六七八九十]期|"
                      r"[0-9]+|这|那|些|各|等|之一|信息|建设|推进|省|市|区|县|全|好的|优|高|质量|前景|潜力|市场|的|"
                      r"经济技术开发区|经济开发区|开发区|经开区|高新区|园区|科技城|企业|资金|申报|认定|港资|台资")
# Words no project name contains: the run before 项目 was a clause about work on projects, not a name.
_NOT_NAME = re.compile(r"推动|推进|加快|加速|抓好|抓|打造|申报|讲解|作好|做好|环绕|围绕|判断|接触|了解|服务|保障|谋划|"
                       r"着重|全力|一切|一手|高效率|奔赴|全员|落实|跟踪|对接|洽谈|签约|开工|动工|竣工|投产|计划|实施|"
                       r"招引|引进|助力|支持|帮助|协调|解决|督促|考察|走访|调研|召开|举办|参加|开展|组织|确保|力争|争取|"
                       r"新动工|新开工|新签约|新竣工|该|本|此|其|各类|一批|储备|凝心|聚力|围绕|负责|人员|干部|工作|"
                       r"管理|审批|落户|建成|集中|以上|万元|亿元|[0-9]+个|领导|部门|单位|全市|全省|全区|我区|我市|统筹|立即|"
                       r"签下|一个|举行|没有|^无|再添|新添|又添|喜添|举办|领衔|本次|此次|季度|上半年|下半年|年度|今年|去年|以来|\d{4}年|第.批|"
                       r"建立|加强|设立|结合|提高|提升|深化|完善|优化|健全|强化|扩大|注重|突出|深入|积极|持续|进一步|"
                       r"[推建抓招引上扩促稳保]项目$")
_COMPANY = re.compile(r"[^\s,。;:!?、“”‘’《》()的在于与及等为是将由对从向把被]{2,24}?"
                      r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|株式会社|集团|公司)")
# Who invests: a company, group or fund named before the project with 由/与 or 投资/签约 around it.
_ORG = re.compile(r"(?:[^\s,。;:!?、“”‘’《》()的在于与及等为是将由对从向把被]{2,24}?"
                  r"(?:股份有限公司|有限责任公司|有限公司|集团有限公司|株式会社|集团|公司|资本|基金|电气|控股))")
_INVESTOR_CUE = re.compile(r"^(?:将|拟|已|正式|计划|决定)?(?:在[^,。;]{0,12}?)?(?:投资|签约|签订|签署|落户|建设|增资|新建|扩建)")
_ENUM_END = re.compile(r"(?:等|……|…)(?:(?:\d+|[一二三四五六七八九十两]+)(?:余|多)?个|一批|一大批|多个|一系列|系列)?"
                       r"(?P<mid>[^,。;、地]{0,12}?)项目")
_CLASS_AFTER = re.compile(r"(?:信息|库|清单)|(?:\([^)]{0,16}\))?(?:不少于|不低于|至少|达到|达|共|合计)?"
                         r"(?:\d+|[一二三四五六七八九十两]+)(?:余|多)?个")
_REFERS = re.compile(r"(?:该|此|这个|这一)项目|(?:^|[,;:。“])(?:据悉,|据了解,|目前,)?(?:其|本|[一二三四]期)?项目")


@dataclass
class Project:
    name: str
    key: str
    start: int  # first mention, clean text
    end: int
    investor: str | None = None
    place_text: str | None = None
    amounts: dict = field(default_factory=dict)  # kind → Money
    stages: list = field(default_factory=list)  # (order, stage, date or None, reached)
    outputs: dict = field(default_factory=dict)
    evidence: list = field(default_factory=list)  # sentence (start, end) pairs


def _key(name: str) -> str:
    key = re.sub(r"项目$", "", name.strip("“”‘’\"' "))
    return re.sub(r"[“”‘’\"'\s]", "", key)


def _same(a: str, b: str) -> bool:
    """One name is the other, or a short form of it with the same brand: 万帮储能 for 万帮锂电储能…制造."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= 4 and short in long:
        return True  # a headline's 新能源重卡 for 远景新能源重卡整车制造
    if len(short) < 4 or short[:2] != long[:2]:
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)


def _specific(name: str) -> bool:
    rest = _GENERIC.sub("", _key(name))
    company = _COMPANY.search(name)
    if company:
        return len(rest) >= 2 and not _NOT_NAME.search(name[company.end():])
    return len(rest) >= 2 and not _NOT_NAME.search(name)


def _clean_name(raw: str) -> tuple[str, str | None]:
    """Strip openers, dates and a leading place from a raw run; the place is returned apart."""
    name, place = raw.strip("“”‘’\"' "), None
    for _ in range(4):
        before = name
        leads = list(_LEAD.finditer(name))
        if leads and leads[-1].end() < len(name) - 2:
            name = name[leads[-1].end():]
        name = _DATE_HEAD.sub("", name).strip("“”‘’\"' ")
        head = places.find_divisions(name[:8])
        if head and head[0].start == 0 and len(name) - head[0].end >= 4 and not _COMPANY.search(name) and not \
                name[head[0].end:].startswith(("市", "区", "县", "省")):
            place = (place or "") + name[: head[0].end]
            name = name[head[0].end:]
        if name == before:
            break
    return name, place


def _run_before(text: str, end: int) -> int:
    """Start of the name-like run ending at end."""
    start = end
    while start > 0 and end - start < _MAX_NAME and text[start - 1] not in _STOP:
        start -= 1
    return start


class _Collector:
    def __init__(self, document: Document):
        self.document = document
        self.projects: dict[str, Project] = {}
        self.order: list[str] = []

    def mention(self, name: str, start: int, end: int, sentence: Sentence, place: str | None = None) -> Project | None:
        name = name.strip("“”‘’\"' ")
        if not _specific(name) or len(name) > 40:
            return None
        key = _key(name)
        for known in self.order:  # 景创锂钠动力储能 and 景创锂钠动力储能项目 are one project
            if _same(known, key):
                project = self.projects[known]
                if len(name) > len(project.name) and name.endswith("项目"):
                    project.name = name
                self.add_evidence(project, sentence)
                return project
        project = Project(name=name, key=key, start=sentence.start + start, end=sentence.start + end)
        company = _COMPANY.search(name)
        if company:
            project.investor = _clean_name(company.group())[0]
        project.place_text = place
        self.projects[key] = project
        self.order.append(key)
        self.add_evidence(project, sentence)
        return project

    @staticmethod
    def add_evidence(project: Project, sentence: Sentence) -> None:
        if (sentence.start, sentence.end) not in project.evidence:
            project.evidence.append((sentence.start, sentence.end))


def _amount_kind(prefix: str) -> str | None:
    match = lexicon.AMOUNT_KIND.search(prefix[-12:])
    if not match:
        return None
    return lexicon.KIND_NAME.get(match.group("kind"), "total")


def _enumerations(sentence: Sentence, collector: _Collector, consumed: list) -> list[Project]:
    """Items of 'A、B、C等N个项目' and 'A、B……一大批项目'; each item may carry '50亿元的'."""
    found = []
    text = sentence.text
    for match in _ENUM_END.finditer(text):
        if _NOT_NAME.search(re.sub(r"亿元|万元|以上|重大|重点", "", match.group("mid"))):
            continue
        consumed.append((sentence.start + match.start(), sentence.start + match.end()))
        head_end = match.start()
        run_start = head_end
        while run_start > 0 and text[run_start - 1] not in ",。;:!?\n":
            run_start -= 1
        items = text[run_start:head_end].split("、")
        if len(items) == 1 and not text[run_start:head_end].strip():
            continue
        last_of = None
        for last_of in re.finditer(r"(?<!元)的", text[run_start:head_end]):
            pass
        if last_of:
            # "涵盖物流、机器人等领域的A、B等项目", "“资源共享、优势互补”的聚势智能等项目": what comes before
            # the last 的 describes the items, it is not one of them
            run_start += last_of.end()
            items = text[run_start:head_end].split("、")
        kind, offset, group = None, run_start, []
        for item in items:
            item_start = offset
            offset += len(item) + 1
            money = next((m for m in find_money(item) if not m.implied and item[m.end:].startswith("的")), None)
            amount = None
            if money:
                kind = _amount_kind(item[: money.start]) or kind or "total"
                amount, item = money, item[money.end + 1:]
                consumed.append((sentence.start + item_start + money.start, sentence.start + item_start + money.end))
            elif "的" in item:
                item = item[item.rindex("的") + 1:]
            name, place = _clean_name(item)
            if not name or len(name) > 25:
                continue
            project = collector.mention(name, item_start, item_start + len(item), sentence, place)
            if project:
                if amount and kind not in project.amounts:
                    project.amounts[kind] = amount
                group.append(project)
        # the verb of a list may come after it (等5个项目集中签约; ……一大批项目将于一季度陆续动工)
        clause_start = max(text.rfind(mark, 0, run_start) for mark in ",;:。") + 1
        _stage_for(group, text[clause_start:], run_start - clause_start, collector.document)
        found.extend(group)
    return found


def _names(sentence: Sentence, collector: _Collector, taken: list) -> list[tuple[int, Project]]:
    """Mentions by name: runs ending in 项目, a company's 二期项目, '投资X的NAME'."""
    found = []
    text = sentence.text
    refers = re.search(r"(?:该|此|这个|这一)项目", text)
    for match in re.finditer(r"项目", text):
        end = match.end()
        if refers and match.start() > refers.end():
            break  # "该项目…拟建成…以及智能箱变项目": a part of the project, not another one
        if _CLASS_AFTER.match(text, end):
            continue  # "生物医药产业项目信息不少于20个": a class of projects counted, not one project
        if any(s <= sentence.start + match.start() < e for s, e in taken):
            continue
        start = _run_before(text, match.start())
        window_start = max(0, start - 40)
        window = text[window_start:end]
        for company in _COMPANY.finditer(window):
            company_start, company_end = window_start + company.start(), window_start + company.end()
            if company_start < start < company_end or (
                    company_end <= start and not re.search(r"[,。;:!?]", text[company_end:start])
                    and not _specific(_clean_name(text[start:end])[0])):
                start = company_start  # a company whose name has 和, or whose project name spans 、 or 的
                break
        raw = text[start:end]
        name, place = _clean_name(raw)
        project = collector.mention(name, end - len(name), end, sentence, place)
        if project:
            found.append((match.start(), project))
            _amount_before(text, start, project, sentence, taken)
            if project.investor is None:
                project.investor = _investor(text, start)
    return found


def _investor(text: str, before: int) -> str | None:
    """'由X投资建设的', 'X将在区内投资建设', 'X与开发区签约', '与X签署…': the organisation nearest before."""
    best = None
    for match in _ORG.finditer(text[:before]):
        org = match.group()
        for opener in ("由", "与", "和"):
            if opener in org[:3]:
                org = org[org.index(opener) + 1:]
        after = text[match.end(): match.end() + 20]
        cue = _INVESTOR_CUE.match(after) or re.match(r"^与[^,。;]{0,12}?(?:签约|签订|签署)", after)
        led = text[max(0, match.start() - 1): match.start()] in ("由", "与")
        if (cue or led) and len(_clean_name(org)[0]) >= 2:
            best = _clean_name(org)[0]
    return best


def _amount_before(text: str, start: int, project: Project, sentence: Sentence, taken: list) -> None:
    """'总投资6.8亿元的海星新材料二期项目': the amount just before the name, joined by 的, is the project's."""
    if start < 2 or text[start - 1] != "的":
        return
    head = text[max(0, start - 24): start - 1]
    money = next((m for m in find_money(head) if m.end == len(head) and not m.implied), None)
    if money is None:
        return
    kind = _amount_kind(head[: money.start]) or "total"
    project.amounts.setdefault(kind, money)
    offset = sentence.start + max(0, start - 24)
    taken.append((offset + money.start, offset + money.end))


def _stage_for(projects: list[Project], window: str, mention_at: int, document: Document) -> None:
    """Stage words in window apply to the projects mentioned at mention_at; a stage is reached unless a
    plan word (将, 力争, 预计 …) comes before it or 后/前 right after it (达产后可实现…, 开工前的筹备)."""
    for stage_match in lexicon.STAGE_RE.finditer(window):
        stage = lexicon.STAGE_WORDS[stage_match.group()]
        if not stage:
            continue
        before = window[: stage_match.start()]
        if stage_match.group() in ("对接", "洽谈") and stage_match.start() < mention_at:
            continue  # 跟踪对接X项目: the officer's work, not the project's stage
        future = bool(lexicon.FUTURE_RE.search(before[-12:])) or bool(
            re.match(r"[^,。;]{0,4}?(?:后|以后|之后|前)", window[stage_match.end():]))
        dates = [d for d in find_dates(window, document.date, future) if d.end <= stage_match.start() + 2]
        when = dates[-1].value if dates and not future else None
        for project in projects:
            project.stages.append((lexicon.STAGE_ORDER.index(stage), stage, when, not future))


def _facts(clause: str, clause_at: int, project: Project, sentence: Sentence, consumed: list) -> None:
    said_before = sentence.text[:clause_at]  # "预计可实现年营收60亿元,年纳税2.5亿元": the frame carries
    for money in find_money(clause):
        absolute = sentence.start + clause_at + money.start
        if money.implied or any(s <= absolute < e for s, e in consumed):
            continue
        prefix, suffix = clause[: money.start], clause[money.end:]
        if lexicon.COMPANY_SIZE.match(suffix):
            continue
        kind = _amount_kind(prefix)
        if kind and not re.match(r"(?:以上)?(?:的)?(?:重大|重点|产业|外资|制造业)?项目", suffix):
            project.amounts.setdefault(kind, money)
            continue
        output = lexicon.OUTPUT_KIND.search(prefix[-10:])
        if output and lexicon.OUTPUT_FRAME.search(said_before + clause[: money.start]):
            project.outputs.setdefault(lexicon.OUTPUT_NAME[output.group("kind")], money)
    jobs = lexicon.JOBS.search(clause)
    if jobs:
        count = float(jobs.group("n")) * (10000 if jobs.group("wan") else 1)
        project.outputs.setdefault("jobs", int(count))


def extract_projects(document: Document) -> list[dict]:
    collector = _Collector(document)
    current: Project | None = None
    current_paragraph = -1
    for sentence in document.sentences:
        consumed: list = []
        listed = _enumerations(sentence, collector, consumed)
        named = _names(sentence, collector, consumed)
        if not named and not listed:
            # "该项目总投资5亿元", "自去年12月动工以来,项目负责人…": the project of the sentences before,
            # unless the sentence counts projects in bulk (a statistic or a target)
            goes_on = (current and _REFERS.search(sentence.text) and sentence.paragraph - current_paragraph <= 1
                       and count_in(sentence.text) is None)
            if not goes_on and sentence.paragraph != current_paragraph:
                current = None
            if not goes_on:
                continue
        first_at = named[0][0] if named else None
        if first_at is not None and not listed:
            # "6月12日,开发区与X签订协议,X将投资建设Y项目": the lead-in's stage (and its date) is Y's
            lead_in = sentence.text[: max(sentence.text.rfind(m, 0, first_at) for m in ",;:") + 1]
            if lead_in:
                _stage_for([named[0][1]], lead_in, len(lead_in), document)
        for clause_at, clause in sentence.clauses():
            if first_at is not None and clause_at + len(clause) <= first_at and not listed:
                continue
            in_clause = [p for at, p in named if clause_at <= at < clause_at + len(clause)]
            if in_clause:
                current = in_clause[-1]
            elif not named and len(listed) == 1:
                current = listed[0]
            elif not named and listed:
                continue  # the facts of a list belong to its items
            if current is None:
                continue
            _facts(clause, clause_at, current, sentence, consumed)
            if current not in listed:
                mention_at = next((at - clause_at for at, p in named if p is current and at >= clause_at), 0)
                _stage_for([current], clause, mention_at, document)
            collector.add_evidence(current, sentence)
        if named:
            current = named[-1][1]
        elif listed:
            current = listed[0] if len(listed) == 1 else None
        current_paragraph = sentence.paragraph
    return [_as_json(collector.projects[key], document) for key in collector.order]


def _stage(project: Project) -> tuple[str | None, str | None]:
    reached = [s for s in project.stages if s[3]]
    if reached:
        stage = max(reached, key=lambda s: s[0])[1]
        when = next((d for _, s, d, _ in reached if s == stage and d), None)
        return stage, when
    planned = [s for s in project.stages if not s[3]]
    if planned:
        first = min(planned, key=lambda s: s[0])[1]
        return lexicon.BEFORE.get(first), None
    return None, None


def _as_json(project: Project, document: Document) -> dict:
    stage, when = _stage(project)
    first = project.evidence[0]
    last = next((e for e in reversed(project.evidence)
                 if document.text.count("\n", first[0], e[0]) == 0), first)
    evidence, span = document.evidence(first[0], max(first[1], last[1]))
    place_text = project.place_text or document.subject_near(first[0], first[1])
    return {
        "name": project.name,
        "investor": project.investor,
        "place": document.place(place_text),
        "amounts": [money.as_json(kind) for kind, money in sorted(project.amounts.items(), key=_kind_order)],
        "stage": stage,
        "stage_date": when,
        "outputs": [_output_json(kind, value) for kind, value in project.outputs.items()],
        "evidence": evidence,
        "span": span,
    }


def _kind_order(item) -> int:
    return ("total", "fixed_asset", "foreign").index(item[0])


def _output_json(kind: str, value) -> dict:
    if isinstance(value, Money):
        return {"kind": kind, "value": decimal_text(value.value), "unit": value.unit}
    return {"kind": kind, "value": str(value), "unit": "人"}
