"""Pages where a user lists, creates and revokes their own API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from zhaoshang.api import services
from zhaoshang.api.models import ApiToken

MSG_CREATED = "令牌“{name}”已创建。请立即复制保存: 离开本页后将无法再次查看。"
MSG_REVOKED = "令牌“{name}”已撤销, 使用它的系统将无法再访问接口。"


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request):
    secret = None
    created = None
    error = None
    if request.method == "POST":
        try:
            created, secret = services.token_create(user=request.user, name=request.POST.get("name", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, MSG_CREATED.format(name=created.name))
    tokens = ApiToken.objects.filter(user=request.user)
    response = render(request, "api/tokens.html", {"tokens": tokens, "secret": secret, "created": created,
                                                    "error": error})
    if secret:
        response["Cache-Control"] = "no-store"  # the secret must not stay in a cache
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)  # another user's token: 404
    services.token_revoke(token=token, by=request.user)
    messages.success(request, MSG_REVOKED.format(name=token.name))
    return redirect("api_tokens:list")
