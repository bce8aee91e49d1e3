"""One error shape for every 4xx answer of the API:

    {"code": "invalid", "message": "中文说明", "fields": {"date": ["中文消息", ...]}}

Django's ValidationError and PermissionDenied, raised by the services, become 400 and 403 here, so the
rules and their messages are the services' own.
"""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from zhaoshang.core.services import ConcurrentEditError

MSG_INVALID = "提交的数据有误, 请按各字段的提示修改。"
MSG_NOT_AUTHENTICATED = "未登录或令牌无效"
MSG_PERMISSION_DENIED = "无权执行此操作"
MSG_NOT_FOUND = "不存在或无权查看"
MSG_METHOD_NOT_ALLOWED = "不支持该请求方法"
MSG_THROTTLED = "请求过于频繁, 请稍后再试"
MSG_CONFLICT = "记录已被他人修改"
MSG_BY_STATUS = {
    400: ("invalid", MSG_INVALID),
    401: ("not_authenticated", MSG_NOT_AUTHENTICATED),
    403: ("permission_denied", MSG_PERMISSION_DENIED),
    404: ("not_found", MSG_NOT_FOUND),
    405: ("method_not_allowed", MSG_METHOD_NOT_ALLOWED),
    406: ("not_acceptable", "无法按请求的格式返回"),
    409: ("conflict", MSG_CONFLICT),
    415: ("unsupported_media_type", "不支持的请求内容类型, 请使用 JSON"),
    429: ("throttled", MSG_THROTTLED),
}
NON_FIELD_KEYS = {NON_FIELD_ERRORS, api_settings.NON_FIELD_ERRORS_KEY}
API_PREFIX = "/api/v1/"


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Field → messages; nested serializers as `contacts.0.phone`."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix and key not in NON_FIELD_KEYS else (prefix or str(key))
            for sub, messages in _flatten(value, name).items():
                fields.setdefault(sub, []).extend(messages)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                for sub, messages in _flatten(value, f"{prefix}.{index}" if prefix else str(index)).items():
                    fields.setdefault(sub, []).extend(messages)
            else:
                fields.setdefault(prefix or NON_FIELD_ERRORS, []).append(str(value))
    else:
        fields.setdefault(prefix or NON_FIELD_ERRORS, []).append(str(detail))
    return fields


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


def _validation_body(detail) -> dict:
    fields = _flatten(detail)
    general = [message for key in NON_FIELD_KEYS for message in fields.pop(key, [])]
    return error_body("invalid", " ".join(general) or MSG_INVALID, fields)


def exception_handler(exc, context):
    if isinstance(exc, ConcurrentEditError):
        exc = exceptions.APIException(" ".join(exc.messages))
        exc.status_code = status.HTTP_409_CONFLICT
        response = drf_exception_handler(exc, context)
        response.data = error_body("concurrent_edit", str(exc.detail))
        return response
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or MSG_PERMISSION_DENIED)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(MSG_NOT_FOUND)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a 5xx: Django's own handling and logging
    if isinstance(exc, exceptions.ValidationError):
        response.data = _validation_body(exc.detail)
        return response
    code, message = MSG_BY_STATUS.get(response.status_code, ("error", "请求有误"))
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail) not in (
            exceptions.PermissionDenied.default_detail, MSG_PERMISSION_DENIED):
        message = f"{MSG_PERMISSION_DENIED}: {exc.detail}"  # a service's reason, e.g. 只有园区管理员可以…
    elif isinstance(exc, exceptions.Throttled) and exc.wait:
        message = f"{MSG_THROTTLED}(约 {int(exc.wait) + 1} 秒后)"
    elif isinstance(exc, exceptions.ParseError):
        code, message = "parse_error", f"请求内容无法解析: {exc.detail}"
    response.data = error_body(code, message)
    return response


def page_not_found(request, exception=None):
    """`handler404` (config/urls.py): a URL under /api/v1/ that no route matches (an unknown collection, or an id
    such as `1.5e-7` that the router's patterns refuse) gets the API's error shape, not the web's HTML page."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse(error_body(*MSG_BY_STATUS[404]), status=404, json_dumps_params={"ensure_ascii": False})
    return defaults.page_not_found(request, exception)
