"""Traditional → Simplified, only for a text that is detected as Traditional.

A converter run on Simplified text still changes it: OpenCC turns the company name 乾朔 into 干朔. So the
text is converted only when enough of its characters are Traditional, and even then 乾 is kept outside
the few words where it means "dry" (乾燥, 乾淨 …), because in this genre it is far more often a name.
"""

import re
from functools import lru_cache

_CJK = re.compile(r"[\u4e00-\u9fff]")
# Share of Chinese characters a converter changes above which a text is Traditional. Simplified news
# changes well under 0.5 % (乾, 著 in names); Traditional news 15–30 %.
TRADITIONAL_SHARE = 0.03
_DRY_WORDS = ("乾燥", "乾淨", "乾杯", "乾旱", "乾脆", "餅乾", "乾貨", "乾洗", "乾涸", "乾枯", "乾電池")


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported on first Traditional text: most texts never need it

    return opencc.OpenCC("t2s")


def is_traditional(text: str, converted: str | None = None) -> bool:
    chinese = len(_CJK.findall(text))
    if chinese < 8:
        return False
    converted = _converter().convert(text) if converted is None else converted
    if len(converted) != len(text):
        changed = sum(1 for ch in text if _converter().convert(ch) != ch)
    else:
        changed = sum(1 for a, b in zip(text, converted) if a != b and a != "乾")
    return changed >= 3 and changed / chinese >= TRADITIONAL_SHARE


def edits(text: str) -> list[tuple[int, int, str]]:
    """One edit per converted character (conversion keeps the length, so the map stays exact)."""
    if not _CJK.search(text):
        return []
    converted = _converter().convert(text)
    if len(converted) != len(text):
        # a phrase conversion changed the length somewhere: fall back to character by character
        converted = "".join(_converter().convert(ch) for ch in text)
    if not is_traditional(text, converted):
        return []
    out = []
    for i, (a, b) in enumerate(zip(text, converted)):
        if a == b:
            continue
        if a == "乾" and not any(text.startswith(word, i) or text.startswith(word, i - 1) for word in _DRY_WORDS):
            continue
        out.append((i, i + 1, b))
    return out
