from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm

from zhaoshang.core.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确, 请重新输入(密码区分大小写)。",
        "inactive": "该账号已停用, 请联系园区管理员。",
    }


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    pass
