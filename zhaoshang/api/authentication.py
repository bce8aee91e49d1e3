"""`Authorization: Token <key>`: the key's SHA-256 is looked up; the key itself is never stored."""

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from zhaoshang.api.models import ApiToken, hash_key

KEYWORD = "Token"
MSG_INVALID_TOKEN = "令牌无效或已撤销。"
TOUCH_EVERY = timedelta(minutes=1)


class HashedTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(MSG_INVALID_TOKEN)
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise AuthenticationFailed(MSG_INVALID_TOKEN) from None
        token = ApiToken.objects.active().select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None or not token.user.is_active:
            raise AuthenticationFailed(MSG_INVALID_TOKEN)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY:
            # At most one write a minute per token, whatever the request rate.
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (with WWW-Authenticate) rather than 403 to a request without credentials.
        return KEYWORD


class HashedTokenScheme(OpenApiAuthenticationExtension):
    target_class = HashedTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "在“接口令牌”页面创建令牌, 以 `Token <令牌>` 形式放在 Authorization 头中。"}
