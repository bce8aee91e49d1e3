"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character over the first 17."""

from django.core.exceptions import ValidationError

from zhaoshang.core.text import FULL_WIDTH

# The standard leaves out I, O, S, V and Z so they cannot be mistaken for 1, 0, 5, U and 2.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

MSG_LENGTH = "统一社会信用代码应为18位, 当前为{n}位。"
MSG_CHARACTER = "统一社会信用代码第{pos}位“{char}”不是有效字符(只用数字和除 I、O、S、V、Z 以外的大写字母)。"
MSG_CHECK = "统一社会信用代码校验位不符: 按前17位计算第18位应为“{expected}”, 请核对是否抄错。"


def normalise(code: str) -> str:
    """Codes are copied from licences and spreadsheets: drop spaces, unify case and full-width forms."""
    text = (code or "").strip().upper()
    text = text.translate(FULL_WIDTH)
    return "".join(text.split())


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(code: str) -> None:
    code = normalise(code)
    if len(code) != 18:
        raise ValidationError(MSG_LENGTH.format(n=len(code)), code="length")
    for position, char in enumerate(code, start=1):
        if char not in ALPHABET:
            raise ValidationError(MSG_CHARACTER.format(pos=position, char=char), code="character")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(MSG_CHECK.format(expected=expected), code="check")
