"""A cleaned article cut into paragraphs, sentences and clauses, with what the whole text says about
itself: its date, the zone it is mainly about, and every place it names (to settle ambiguous ones).
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from zhaoshang.intelligence.extract import places
from zhaoshang.intelligence.extract.normalise import Normalised

_SENTENCE = re.compile(r"[^。!?;\n]+[。!?;]?[”’」)]?")
_CLAUSE = re.compile(r"[^,;:]+[,;:]?")
_PERIOD_HEAD = re.compile(r"^(?:截至目前|截至今年|今年以来|去年以来|今年|去年|全年|年内|(?:\d{4}年)?(?:[一二三四1-4]季度|"
                          r"上半年|前三季度|\d{1,2}-\d{1,2}月|\d{1,2}月(?:份)?))*")


@dataclass(frozen=True)
class Sentence:
    start: int  # in the clean text
    end: int
    text: str
    paragraph: int
    follows_semicolon: bool = False  # the sentence before ended with ";": one plan or report, cut in two

    def clauses(self) -> list[tuple[int, str]]:
        """(offset in the sentence, clause) pairs, cut at commas, semicolons and colons."""
        return [(m.start(), m.group()) for m in _CLAUSE.finditer(self.text)]


@dataclass
class Document:
    clean: Normalised
    date: date | None
    sentences: list[Sentence] = field(default_factory=list)
    zones: list[tuple[int, int, str]] = field(default_factory=list)
    context: set[str] = field(default_factory=set)
    main_subject: str | None = None

    @property
    def text(self) -> str:
        return self.clean.text

    def evidence(self, start: int, end: int) -> tuple[str, list[int]]:
        """The clean text of [start, end) and its span in the original."""
        return self.text[start:end].strip(), list(self.clean.span(start, end))

    def place(self, text: str | None) -> dict | None:
        if not text:
            return None
        return places.describe(places.resolve(text, self.context), text)

    def subject_near(self, start: int, end: int) -> str | None:
        """The zone named in [start, end), or a place that opens one of its clauses ("亭湖区新签约…");
        else the one the article is about. A place inside a clause is a destination, not the subject."""
        for match in _CLAUSE.finditer(self.text[start:end]):
            clause = _PERIOD_HEAD.sub("", match.group())
            head = start + match.start() + match.group().index(clause) if clause else None
            for zone_start, _, name in self.zones:
                if head is not None and head <= zone_start <= head + 1:  # 在亭湖新洋经济区举行…
                    return name
            mentions = places.find_divisions(clause[:8])
            if mentions and mentions[0].start == 0 and places.choose(mentions[0].codes, self.context):
                return mentions[0].text
        return self.main_subject


def build(clean: Normalised, article_date: date | None) -> Document:
    text = clean.text
    sentences, offset = [], 0
    for paragraph, line in enumerate(text.split("\n")):
        for match in _SENTENCE.finditer(line):
            if match.group().strip():
                follows = bool(sentences) and sentences[-1].paragraph == paragraph and sentences[-1].text.endswith(";")
                sentences.append(Sentence(offset + match.start(), offset + match.end(), match.group(), paragraph,
                                          follows))
        offset += len(line) + 1
    document = Document(clean=clean, date=article_date, sentences=sentences)
    document.zones = places.find_zones(text)
    mentions = places.find_divisions(text)
    document.context = places.context_codes([m for m in mentions if len(m.codes) == 1])
    document.main_subject = _main_subject(document, mentions)
    return document


def _main_subject(document: Document, mentions) -> str | None:
    """The zone named most often; but a district or city named at least twice as often (outside zone
    names) wins — an article about 亭湖区 that once names a park in it is about 亭湖区."""
    zone_counts = Counter(name for _, _, name in document.zones)
    inside_zone = [(start, end) for start, end, _ in document.zones]
    by_code: Counter = Counter()
    surface: dict[str, Counter] = {}
    for mention in mentions:
        if any(start <= mention.start < end for start, end in inside_zone):
            continue
        code = places.choose(mention.codes, document.context)
        if code and len(mention.text) >= 2:
            by_code[code] += 1
            surface.setdefault(code, Counter())[mention.text] += 1
    best_zone = max(zone_counts, key=lambda n: (zone_counts[n], -min(s for s, _, z in document.zones if z == n)),
                    default=None)
    if by_code:
        code, count = by_code.most_common(1)[0]
        if best_zone is None or count >= 2 * zone_counts[best_zone]:
            # the written form with its suffix if the text uses one (亭湖区 over 亭湖)
            forms = surface[code]
            return max(forms, key=lambda form: (form.endswith(places.FULL_SUFFIX), forms[form]))
    return best_zone
