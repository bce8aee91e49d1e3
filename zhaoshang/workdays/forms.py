"""Forms for entering a holiday of the official notice and marking a year complete."""

import re
from datetime import date

from django import forms

from zhaoshang.core.forms import StyledFormMixin

MSG_BAD_DATE = "无法识别的日期“{value}”, 请写成 2027-09-26 这样的格式, 多个日期用逗号或空格分开。"


class DateListField(forms.CharField):
    """Dates typed in one box: "2027-09-26, 2027-10-09" (commas, 、 or spaces between)."""

    def to_python(self, value) -> list[date]:
        text = super().to_python(value) or ""
        days = []
        for part in re.split(r"[\s,，、;；]+", text.strip()):
            if not part:
                continue
            try:
                days.append(date.fromisoformat(part.replace("/", "-")))
            except ValueError:
                raise forms.ValidationError(MSG_BAD_DATE.format(value=part)) from None
        return sorted(set(days))


class HolidayForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="节日名称", max_length=20, required=False, help_text="如 春节、国庆节")
    first_day = forms.DateField(label="放假开始日期", widget=forms.DateInput)
    last_day = forms.DateField(label="放假结束日期", widget=forms.DateInput,
                               help_text="按通知填写, 如“10月1日至7日放假调休, 共7天”填 10-01 至 10-07")
    makeup_days = DateListField(label="调休上班日期", required=False,
                                help_text="通知中周末上班的日期, 多个用逗号分开, 如 2027-09-26, 2027-10-09")


class YearCompleteForm(StyledFormMixin, forms.Form):
    source = forms.CharField(label="依据通知文号", max_length=200, required=False,
                             help_text="如 国办发明电〔2026〕X号")
