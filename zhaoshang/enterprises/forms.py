from django import forms

from zhaoshang.core.forms import StyledFormMixin
from zhaoshang.enterprises.choices import EnterpriseTagKind
from zhaoshang.enterprises.models import Enterprise, EnterpriseContact, validate_not_future_year
from zhaoshang.geo.models import Industry
from zhaoshang.geo.widgets import DivisionWidget

MSG_TAG_YEAR = "年份请填 1980 年以后、不晚于今年的四位数字。"


class EnterpriseForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    website = forms.URLField(label="网站", required=False, assume_scheme="https")

    class Meta:
        model = Enterprise
        fields = ["name", "credit_code", "location", "industry", "division", "country", "address",
                  "legal_representative", "registered_capital", "established_on", "website", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "established_on": forms.DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = Industry.objects.filter(level__in=["division", "group"]).order_by("code")
        self.fields["division"].widget = DivisionWidget()

    def enterprise_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TagsForm(StyledFormMixin, forms.Form):
    """One checkbox and one year per tag kind (世界500强 2023, 专精特新 2022 …)."""

    def __init__(self, *args, enterprise: Enterprise | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {tag.kind: tag.year for tag in enterprise.tags.all()} if enterprise else {}
        for kind, label in EnterpriseTagKind.choices:
            self.fields[f"has_{kind}"] = forms.BooleanField(
                label=label, required=False, initial=kind in current,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input mt-0"}))
            self.fields[f"year_{kind}"] = forms.IntegerField(
                label="获得年份", required=False, initial=current.get(kind), validators=[validate_not_future_year],
                min_value=1980, error_messages={"min_value": MSG_TAG_YEAR, "invalid": MSG_TAG_YEAR},
                widget=forms.NumberInput(attrs={"class": "form-control", "placeholder": "年份", "style": "max-width: 6.5em"}),
            )

    def pairs(self):
        return [(self[f"has_{kind}"], self[f"year_{kind}"]) for kind in EnterpriseTagKind.values]

    def tags(self) -> list[tuple[str, int | None]]:
        return [(kind, self.cleaned_data.get(f"year_{kind}")) for kind in EnterpriseTagKind.values
                if self.cleaned_data.get(f"has_{kind}")]


class ContactForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = EnterpriseContact
        fields = ["name", "role", "phone", "email", "is_primary"]
