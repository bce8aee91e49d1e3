import pytest
from rest_framework.test import APIClient

from zhaoshang.api.services import token_create


@pytest.fixture
def api():
    """A client for a user: session login (as the browser) or a token (as another system)."""

    def make(user=None, *, token: bool = False):
        client = APIClient()
        if user is not None:
            if token:
                _, key = token_create(user=user, name="测试")
                client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
            else:
                client.force_login(user)
        return client

    return make
