"""Clean a scraped article into plain Simplified Chinese, keeping a map back to the original text.

Pages reach the zone staff wrapped in HTML, with pinyin inserted after characters ("經(jīng)開區(qū)"),
doubled punctuation, injected spam, in Traditional characters, or "spun" by a synonym tool (名目 for
项目). Every pattern in the extractors is written for clean Simplified text, so each of these is undone
here first. Each step is a list of edits (start, end, replacement) applied to the text of the step before;
the character map is carried through every step, so a span found in the clean text is a span of the
original — the review queue highlights evidence in the article as the user uploaded it.
"""

import html
import re
from array import array
from dataclasses import dataclass, field

from zhaoshang.intelligence.extract import spin, tradition

Edit = tuple[int, int, str]


@dataclass(frozen=True)
class Normalised:
    """Clean text plus, for each of its characters, the [start, end) it came from in the original."""

    text: str
    original: str
    starts: array
    ends: array
    steps: tuple[str, ...] = field(default=())

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) of the clean text[start:end]."""
        if end <= start:
            at = self.starts[start] if start < len(self.text) else len(self.original)
            return at, at
        return self.starts[start], self.ends[end - 1]

    @property
    def traditional(self) -> bool:
        return "traditional" in self.steps

    @property
    def spun(self) -> bool:
        return "spin" in self.steps


def apply_edits(text: str, starts: array, ends: array, edits: list[Edit]) -> tuple[str, array, array]:
    """Apply sorted, non-overlapping edits; unchanged stretches keep their map by slicing (fast)."""
    parts: list[str] = []
    new_starts, new_ends = array("l"), array("l")
    pos = 0
    for start, end, replacement in edits:
        parts.append(text[pos:start])
        new_starts.extend(starts[pos:start])
        new_ends.extend(ends[pos:start])
        if replacement:
            parts.append(replacement)
            if len(replacement) == end - start:
                new_starts.extend(starts[start:end])
                new_ends.extend(ends[start:end])
            else:
                # A replacement of another length maps each of its characters to the whole replaced run.
                first = starts[start] if start < len(text) else (ends[-1] if len(ends) else 0)
                last = ends[end - 1] if end > start else first
                new_starts.extend([first] * len(replacement))
                new_ends.extend([last] * len(replacement))
        pos = end
    parts.append(text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(parts), new_starts, new_ends


# ---- HTML ---------------------------------------------------------------------------------------

_HTML_SNIFF = re.compile(r"<(?:!doctype|html|body|div|p|br|span|a|table|td|h[1-6]|li|script|style|meta|!--)\b",
                         re.IGNORECASE)
_BLOCK = r"p|div|br|li|tr|h[1-6]|title|section|article|table|ul|ol|header|footer|hr|dd|dt|blockquote|pre"
_HTML_TOKEN = re.compile(
    r"(?P<drop><(script|style|noscript|template|iframe)\b.*?</\2\s*>|<!--.*?-->)"
    rf"|(?P<block></?(?:{_BLOCK})\b[^>]*>)"
    r"|(?P<tag></?[a-zA-Z][^>]*>|<!doctype[^>]*>)"
    r"|(?P<entity>&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,5});)",
    re.IGNORECASE | re.DOTALL,
)


def _html_edits(text: str) -> list[Edit]:
    if not _HTML_SNIFF.search(text):
        return []
    edits = []
    for match in _HTML_TOKEN.finditer(text):
        if match.group("drop") or match.group("tag"):
            edits.append((match.start(), match.end(), ""))
        elif match.group("block"):
            edits.append((match.start(), match.end(), "\n"))
        else:
            edits.append((match.start(), match.end(), html.unescape(match.group()).translate(_WIDTH)))
    return edits


# ---- width, spaces, blank lines ----------------------------------------------------------------

# Full-width digits, letters and the punctuation the patterns use become ASCII; one character for one,
# so the map is unchanged. 。 、 “ ” 《 》 stay: they carry meaning the patterns rely on.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x200B: 0x20,
               0xFEFF: 0x20, 0x0D: 0x0A})
_CJK = r"\u3400-\u9fff\uf900-\ufaff"
_SPACE_RUN = re.compile(rf"(?<=[{_CJK}\u3000-\u303f])[ \t]+|[ \t]+(?=[{_CJK}\u3000-\u303f])|^[ \t]+|[ \t]+$"
                        r"|(?<=\n)\n+|[ \t]{2,}", re.MULTILINE)


def _space_edits(text: str) -> list[Edit]:
    edits = []
    for match in _SPACE_RUN.finditer(text):
        run = match.group()
        if len(run) >= 2 and not run.strip(" \t"):
            # two spaces between Latin words are one; next to Chinese or at a line edge, none
            keep = " " if (match.start() > 0 and text[match.start() - 1].isascii()
                           and match.end() < len(text) and text[match.end()].isascii()
                           and text[match.start() - 1] != "\n") else ""
            edits.append((match.start(), match.end(), keep))
        else:
            edits.append((match.start(), match.end(), ""))
    return edits


# ---- hard line breaks inside sentences -----------------------------------------------------------

# Text out of PDF and Word files, and some pages, break lines (and leave blank lines) in mid-sentence:
# "与不\n\n少于20个". A long line that does not end a sentence is joined to the next; short lines are
# headings and stay.
_BROKEN_LINE = re.compile(rf"(?<=[^。!?;:”’」)\n])\n+(?=[{_CJK}0-9(“])")


def _linebreak_edits(text: str) -> list[Edit]:
    edits = []
    for match in _BROKEN_LINE.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if match.start() - line_start >= 30:
            edits.append((match.start(), match.end(), ""))
    return edits


# ---- pinyin noise --------------------------------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = rf"[a-zü]*[{_TONED}][a-zü]*"
_PINYIN = re.compile(
    rf"(?<=[{_CJK}])(?:\(\s*{_SYLLABLE}(?:\s+{_SYLLABLE})*\s*\)|{_SYLLABLE}(?=[{_CJK}\s,。、;:!?)]|$)"
    rf"|\(\s*[a-zü]{{1,6}}[1-5](?:\s+[a-zü]{{1,6}}[1-5])*\s*\))",
    re.IGNORECASE,
)


def _pinyin_edits(text: str) -> list[Edit]:
    if not any(ch in _TONED for ch in text) and not re.search(r"[a-z][1-5]\)", text):
        return []
    return [(m.start(), m.end(), "") for m in _PINYIN.finditer(text)]


# ---- spam ----------------------------------------------------------------------------------------

# Injected advertising: contact handles, gambling, invoices, links. A clause that carries one is removed
# whole (from the last punctuation before it to the next); a bracketed insert only itself.
_SPAM_WORDS = (r"微信|加V|威信|QQ|扣扣|博彩|彩票|娱乐城|赌场|百家乐|六合彩|时时彩|棋牌|代开发票|发票代开|"
               r"点击进入|点击领取|点击下载|免费领取|扫码|添加客服|客服热线|兼职日结|刷单|贷款秒批|无抵押贷款|"
               r"看片|福利视频|彩金|注册即送|https?://|www\.|\.com\b|\.cn\b|\.net\b|\.vip\b|\.xyz\b")
_SPAM_SNIFF = re.compile(_SPAM_WORDS, re.IGNORECASE)
_SPAM_BRACKETED = re.compile(rf"[【\[(《][^】\])》\n]{{0,60}}(?:{_SPAM_WORDS})[^】\])》\n]{{0,60}}[】\])》]", re.IGNORECASE)
_SPAM_CLAUSE = re.compile(rf"[^,。;!?\n]*(?:{_SPAM_WORDS})[^,。;!?\n]*[,。;!?]?", re.IGNORECASE)


_SPAM_LINE = 80  # a line this short that carries spam is an advert as a whole


def _spam_edits(text: str) -> list[Edit]:
    if not _SPAM_SNIFF.search(text):
        return []
    bracketed = [(m.start(), m.end(), "") for m in _SPAM_BRACKETED.finditer(text)]
    blanked = text
    for start, end, _ in bracketed:
        blanked = blanked[:start] + " " * (end - start) + blanked[end:]
    edits: list[Edit] = []
    offset = 0
    for line in blanked.split("\n"):
        if len(line.strip()) < _SPAM_LINE and _SPAM_SNIFF.search(line):
            edits.append((offset, offset + len(line) + (offset + len(line) < len(text)), ""))
        offset += len(line) + 1
    edits += [b for b in bracketed if not any(s <= b[0] < e for s, e, _ in edits)]
    taken = [(s, e) for s, e, _ in edits]
    for match in _SPAM_CLAUSE.finditer(text):
        if not any(s < match.end() and match.start() < e for s, e in taken):
            edits.append((match.start(), match.end(), ""))
    return _merge(edits)


# ---- doubled punctuation -------------------------------------------------------------------------

_DOUBLED = re.compile(r"([,。;:!?、])[,。;:!?、]+")


def _punctuation_edits(text: str) -> list[Edit]:
    # "，，" → "，"; "，。" → "。" (the stronger stop wins where a spam clause left a comma behind)
    edits = []
    for match in _DOUBLED.finditer(text):
        run = match.group()
        keep = next((mark for mark in "。!?;" if mark in run), run[0])
        edits.append((match.start(), match.end(), keep))
    # a stop at the very start of a line is debris from a removed clause
    edits += [(m.start(), m.end(), "") for m in re.finditer(r"(?<=\n)[,。;、]+|^[,。;、]+", text)]
    return _merge(edits)


def _merge(edits: list[Edit]) -> list[Edit]:
    merged: list[Edit] = []
    for edit in sorted(edits):
        if merged and edit[0] < merged[-1][1]:
            continue
        merged.append(edit)
    return merged


_STEPS = (
    ("html", _html_edits),
    ("spaces", _space_edits),
    ("linebreaks", _linebreak_edits),
    ("pinyin", _pinyin_edits),
    ("traditional", tradition.edits),
    ("spin", spin.edits),
    ("spam", _spam_edits),
    ("punctuation", _punctuation_edits),
    ("spaces", _space_edits),
)


def normalise(original: str) -> Normalised:
    """Run every cleaning step; record which of them changed something."""
    text = original.translate(_WIDTH)  # one character for one: the map stays the identity
    starts = array("l", range(len(text)))
    ends = array("l", range(1, len(text) + 1))
    done: list[str] = []
    for name, find_edits in _STEPS:
        edits = find_edits(text)
        if edits:
            text, starts, ends = apply_edits(text, starts, ends, edits)
            if name not in done:
                done.append(name)
    # a text that begins or ends with blank space loses it; the map loses the same characters
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    if left or right < len(text):
        text, starts, ends = text[left:right], starts[left:right], ends[left:right]
    return Normalised(text=text, original=original, starts=starts, ends=ends, steps=tuple(done))


def readable(text: str) -> str:
    """An HTML page as the plain text a reader sees (tags out, entities decoded, blank runs closed up);
    any other text as it is. The review queue keeps and shows this text and extracts from it, so the
    evidence spans fall on words the user can read rather than inside markup."""
    edits = _html_edits(text)
    if not edits:
        return text
    starts, ends = array("l", range(len(text))), array("l", range(1, len(text) + 1))
    text, starts, ends = apply_edits(text, starts, ends, edits)
    return apply_edits(text, starts, ends, _space_edits(text))[0].strip()
