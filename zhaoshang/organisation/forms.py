from django import forms
from django.contrib.auth.password_validation import validate_password

from zhaoshang.accounts.models import Role, User
from zhaoshang.core.forms import StyledFormMixin
from zhaoshang.organisation.choices import MemberRole
from zhaoshang.organisation.models import Department, Team, TeamQuota

ZONE_ROLE_CHOICES = [(role.value, role.label) for role in Role if role != Role.DIVISION_VIEWER]


class DepartmentForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["name", "kind"]


class TeamForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Team
        fields = ["name", "kind", "department", "base", "agency", "is_active"]

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(zone=zone)


class MembershipForm(StyledFormMixin, forms.Form):
    user = forms.ModelChoiceField(label="成员", queryset=User.objects.none())
    role = forms.ChoiceField(label="组内角色", choices=MemberRole.choices, initial=MemberRole.MEMBER)

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(zone=zone, is_active=True).order_by("full_name")


class QuotaForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TeamQuota
        fields = ["year", "signed_amount", "signed_count", "note"]


class UserCreateForm(StyledFormMixin, forms.Form):
    username = forms.RegexField(label="用户名", regex=r"^[A-Za-z0-9_.-]{3,30}$", max_length=30,
                                error_messages={"invalid": "用户名用 3–30 位英文字母、数字、下划线、点或减号。"})
    full_name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机", max_length=20, required=False)
    role = forms.ChoiceField(label="角色", choices=ZONE_ROLE_CHOICES, initial=Role.OFFICER)
    password = forms.CharField(label="初始密码", widget=forms.PasswordInput, min_length=8,
                               help_text="至少 8 位, 不能全是数字; 请提醒用户首次登录后修改。")

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password
