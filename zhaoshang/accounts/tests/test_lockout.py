"""Login throttling (django-axes): five wrong passwords lock the name out, even with the right password."""

from django.urls import reverse


def _login(client, password):
    return client.post(reverse("login"), {"username": "officer", "password": password})


def test_five_wrong_passwords_lock_the_account_out_even_for_the_right_password(client, officer, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    for _ in range(4):
        response = _login(client, "wrong-password")
        assert response.status_code == 200
        assert "用户名或密码不正确" in response.content.decode()

    locked = _login(client, "wrong-password")  # the fifth failure locks
    assert locked.status_code == 429
    assert "连续 5 次输入的密码不正确" in locked.content.decode()

    response = _login(client, "pass-1234")  # right password, still refused
    page = response.content.decode()
    assert response.status_code == 429
    assert "登录已暂停" in page and "15 分钟" in page and "园区的管理员" in page
    assert "_auth_user_id" not in client.session


def test_a_successful_login_clears_the_earlier_failures(client, officer, settings):
    settings.AXES_ENABLED = True
    for _ in range(4):
        _login(client, "wrong-password")
    assert _login(client, "pass-1234").status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "wrong-password").status_code == 200
    assert _login(client, "pass-1234").status_code == 302


def test_the_lockout_is_per_name_and_address_so_a_colleague_can_still_log_in(client, officer, colleague, settings):
    settings.AXES_ENABLED = True
    for _ in range(5):
        _login(client, "wrong-password")
    response = client.post(reverse("login"), {"username": "colleague", "password": "pass-1234"})
    assert response.status_code == 302
