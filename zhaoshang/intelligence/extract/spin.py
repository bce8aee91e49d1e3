"""Undo "spun" text (伪原创): words a synonym tool substituted, put back only where the tool has been.

Content farms republish zone news through a tool that swaps words for near-synonyms: 名目 for 项目,
竞争 for 合作, 展开 for 发展, 许多于 for 不少于, 美圆 for 美元, 真现 for 实现, and 质/量, 在/正在, 行/止
swapped both ways. Several of those are real words (名目, 展开, 竞争, 方法), so the dictionary is applied
only to paragraphs where the tool's marks are dense — or everywhere in a document whose whole text is
dense with them. All replacements are found in one Aho-Corasick pass, longest first, so chains such as
中心→核心→焦点 are undone one step, not twice.
"""

import re
from functools import lru_cache

# spun → original. Words here that are also ordinary words (weight below) only count a little towards
# the density; the rest never occur in edited Chinese.
UNSPIN = {
    "名目": "项目", "项宗旨": "项目的", "名目建立": "项目建设", "连贯器": "连接器", "竞争": "合作", "折做力": "竞争力", "展开": "发展",
    "组拆": "组装", "拆备": "装备", "拆修": "装修", "安拆": "安装", "拆配": "装配",
    "管卫会": "管委会", "党工卫": "党工委", "市卫": "市委", "区卫": "区委", "县卫": "县委", "卫员": "委员",
    "常卫": "常委", "布告": "书记", "真现": "实现", "真际": "实际", "着真": "着实", "许多于": "不少于",
    "没有少于": "不少于", "没有低于": "不低于", "美圆": "美元", "港圆": "港元",
    "高量质": "高质量", "量质": "质量", "含质": "含量", "质态": "态势", "一多质": "一大批", "做业": "作业",
    "工做": "工作", "做为": "作为", "停行": "进行", "效劳": "服务", "财产": "产业", "劣势": "优势", "劣秀": "优秀",
    "劣化": "优化", "劣异": "优异", "根原": "基础", "翻新": "创新", "陈述": "申报", "默示": "表示",
    "运止": "运行", "先止区": "先行区", "施止": "实行", "止业": "行业", "无行境": "无止境", "举止": "举行",
    "操做外资": "利用外资", "新删": "新增", "删多": "增多", "删长": "增长", "删幅": "增幅", "删加": "增加",
    "删速": "增速", "删资": "增资", "税支": "税收", "营支": "营收", "支入": "收入", "正正在": "正在", "正在": "在",
    "配淘": "配套", "成淘": "成套", "方法配淘": "设备配套", "消费基地": "生产基地", "动向": "意向",
    "筹划": "计划", "此中": "其中", "或许": "预计", "全副": "全部", "初阶": "初步", "造成": "形成", "折乎": "符合",
    "折营": "独特", "综折": "综合", "婚配": "匹配", "映响": "影响", "撑持": "支撑", "焦点": "核心", "核心": "中心",
    "供给": "提供", "参预": "参与", "连续": "持续", "片面": "全面", "跟尾": "衔接", "斗劲": "比较", "造访": "拜访",
    "考查": "考察", "决议": "决定", "汗青": "历史", "争与": "争取", "搜集区": "集聚区", "储蓄": "储备",
    "规画": "规划", "钻研": "研究", "和谈": "协议", "引见": "介绍", "修筑": "构建", "晋级": "升级", "原报": "本报",
    "明白提出": "明确提出", "担任": "担当", "冲破": "突破", "敦促": "推动", "理解": "了解", "历程": "过程",
    "撞到": "遇到", "仰仗": "凭借", "恢弘": "广阔", "逃求": "追求", "初度": "首次", "至杂": "至纯",
    "外表办理": "表面处理", "干系": "关系", "构制": "组织", "实时": "及时", "科开办": "科创办", "解说": "讲解",
    "处置惩罚惩罚": "解决", "处置惩罚": "处理", "眼光所及": "目光所及", "便是": "就是", "那几多天": "这几天", "几多": "多少",
    "将来": "未来", "始末": "始终", "取园区": "与园区", "取相关": "与相关", "取企业": "与企业", "目的": "目标",
    "签约颁照": "签约颁照", "加入": "参加", "开初": "开始", "动工前": "开工前", "范例": "标准",
}

# Marks that edited Chinese practically never contains: each counts 1. Others count 0.25.
_STRONG = {
    "管卫会", "党工卫", "真现", "许多于", "没有少于", "美圆", "高量质", "量质", "含质", "工做", "做为", "停行", "效劳",
    "劣势", "劣秀", "劣化", "根原", "翻新", "默示", "运止", "先止区", "操做外资", "新删", "删多", "删长", "删幅",
    "税支", "正正在", "配淘", "成淘", "此中", "全副", "初阶", "折乎", "折营", "综折", "婚配", "映响", "撑持", "焦点",
    "参预", "跟尾", "斗劲", "汗青", "争与", "搜集区", "钻研", "和谈", "引见", "晋级", "原报", "冲破", "敦促",
    "仰仗", "恢弘", "逃求", "初度", "构制", "科开办", "处置惩罚", "拆备", "组拆", "名目建立", "卫员", "真际",
    "财产链", "项宗旨", "一多质", "折做力", "质态",
}
_STRONG_EXTRA = {"财产链": "产业链"}
UNSPIN.update(_STRONG_EXTRA)

# Density in marks per 100 Chinese characters above which a paragraph (or a whole text) is spun.
PARAGRAPH_DENSITY = 1.5
DOCUMENT_DENSITY = 1.0
_CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _automaton():
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for spun, original in UNSPIN.items():
        automaton.add_word(spun, (spun, original))
    automaton.make_automaton()
    return automaton


def _matches(text: str) -> list[tuple[int, int, str, str]]:
    """Leftmost-longest, non-overlapping dictionary hits."""
    found = sorted(((end - len(spun) + 1, end + 1, spun, original)
                    for end, (spun, original) in _automaton().iter(text)),
                   key=lambda hit: (hit[0], -(hit[1] - hit[0])))
    chosen, last_end = [], 0
    for start, end, spun, original in found:
        if start >= last_end:
            chosen.append((start, end, spun, original))
            last_end = end
    return chosen


def _weight(hits) -> float:
    return sum(1.0 if spun in _STRONG else 0.25 for _, _, spun, _ in hits)


def edits(text: str) -> list[tuple[int, int, str]]:
    hits = _matches(text)
    if not hits:
        return []
    chinese = max(len(_CJK.findall(text)), 1)
    whole_text_spun = _weight(hits) * 100 / chinese >= DOCUMENT_DENSITY and _weight(hits) >= 3
    out: list[tuple[int, int, str]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        in_line = [hit for hit in hits if start <= hit[0] and hit[1] <= end]
        if in_line:
            weight = _weight(in_line)
            dense = weight * 100 / max(len(_CJK.findall(line)), 1) >= PARAGRAPH_DENSITY and weight >= 2
            if dense or whole_text_spun:
                out.extend((s, e, original) for s, e, spun, original in in_line if spun != original)
        start = end + 1
    return out
