"""`manage.py check --deploy` is clean with the settings a production install uses (issue 6)."""

import os
import secrets
import string
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "AXES_", "DEBUG"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        "ALLOWED_HOSTS": "zs.example.cn",
        "CSRF_TRUSTED_ORIGINS": "https://zs.example.cn",
        "SECURE_COOKIES": "true",
        "TRUST_X_FORWARDED_PROTO": "true",
        "ZHAOSHANG_VAR_DIR": str(tmp_path / "var"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_are_strict(tmp_path):
    """The values behind the clean check: HTTPS only, HSTS for a year, secure cookies, a strict CSP."""
    code = (
        "from django.conf import settings as s;"
        "d = s.CONTENT_SECURITY_POLICY['DIRECTIVES'];"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.AXES_FAILURE_LIMIT, d['script-src'], d['object-src'], d['frame-ancestors'])"
    )
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "AXES_", "DEBUG"))},
           "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "false", "SECRET_KEY": "x" * 50,
           "ALLOWED_HOSTS": "zs.example.cn", "ZHAOSHANG_VAR_DIR": str(tmp_path / "var"),
           "STATIC_ROOT": str(tmp_path / "static")}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup();" + code],
                            cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "31536000", "True", "True", "5",
                                     "[\"'self'\"]", "[\"'none'\"]", "[\"'none'\"]"]
