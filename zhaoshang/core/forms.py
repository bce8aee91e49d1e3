"""Form rendering in the Bootstrap look, with errors that say in Chinese what to fix."""

from django import forms
from django.forms.renderers import DjangoTemplates

MSG_FIX_BELOW = "请按下方提示修改后再提交。"


class BootstrapFormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class StyledFormMixin:
    """Gives every widget the Bootstrap class it needs and dates a date picker."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _chinese_empty_choice(field)
            widget = field.widget
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def _chinese_empty_choice(field: forms.Field) -> None:
    """Django's blank choice reads "---------"; a zone's staff expect 请选择."""
    if getattr(field, "empty_label", None) == "---------":
        field.empty_label = "请选择"
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = list(field.choices)
        if choices and choices[0] == ("", "---------"):
            field.choices = [("", "请选择"), *choices[1:]]


def apply_validation_error(form: forms.Form, error) -> None:
    """Put a service's ValidationError on the form fields it names (the rest on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
