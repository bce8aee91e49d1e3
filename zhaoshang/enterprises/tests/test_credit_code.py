"""统一社会信用代码 as officers type them: copied from licences, spreadsheets and WeChat messages."""

import pytest
from django.core.exceptions import ValidationError

from zhaoshang.enterprises.credit_code import MSG_CHECK, normalise, validate_credit_code

HUAWEI = "914403001922038216"   # 华为技术有限公司
XIAOMI = "91110108551385082Q"   # 小米科技有限责任公司


def refusal(code: str) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    return error.value


@pytest.mark.parametrize("code", [HUAWEI, XIAOMI])
def test_real_codes_are_accepted(code):
    validate_credit_code(code)


def test_a_wrong_check_character_names_the_expected_one():
    error = refusal("914403001922038217")

    assert error.code == "check"
    assert error.messages == [MSG_CHECK.format(expected="6")]


def test_a_mistyped_digit_in_the_body_is_caught_by_the_check_character():
    error = refusal("91110108551385083Q")  # the 17th digit 2 typed as 3

    assert error.messages == [MSG_CHECK.format(expected="U")]


@pytest.mark.parametrize(("code", "length"), [("91440300192203821", 17), ("9144030019220382166", 19), ("9", 1)])
def test_a_code_of_the_wrong_length_is_refused_with_its_length(code, length):
    error = refusal(code)

    assert error.code == "length"
    assert f"当前为{length}位" in error.messages[0]


@pytest.mark.parametrize("letter", ["I", "O", "S", "V", "Z"])
def test_letters_the_standard_leaves_out_are_refused(letter):
    code = f"91110108551385{letter}82Q"

    error = refusal(code)

    assert error.code == "character"
    assert f"第15位“{letter}”" in error.messages[0]


def test_a_chinese_character_in_the_code_is_refused():
    assert refusal("91110108551385０8２字").code == "character"


def test_lower_case_is_accepted_and_normalised():
    validate_credit_code("91110108551385082q")

    assert normalise("91110108551385082q") == XIAOMI


def test_full_width_input_and_spaces_are_normalised():
    typed = " ９１１１０１０８ ５５１３ ８５０８２ｑ　"

    validate_credit_code(typed)

    assert normalise(typed) == XIAOMI
