"""Creating and revoking API tokens. The secret is returned once and never stored."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.api.models import PREFIX_LENGTH, ApiToken, hash_key, new_key

MSG_NAME_REQUIRED = "请填写令牌名称。"
MSG_NOT_OWNER = "只能撤销自己的令牌。"
MAX_ACTIVE_TOKENS = 20
MSG_TOO_MANY = f"每个用户最多保留 {MAX_ACTIVE_TOKENS} 个有效令牌, 请先撤销不用的令牌。"


def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret (shown to the user once)."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": MSG_NAME_REQUIRED})
    if ApiToken.objects.active().filter(user=user).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(MSG_TOO_MANY)
    key = new_key()
    token = ApiToken.objects.create(user=user, name=name[:60], prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key))
    return token, key


def token_revoke(*, token: ApiToken, by) -> ApiToken:
    if token.user_id != by.pk:
        raise PermissionDenied(MSG_NOT_OWNER)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
