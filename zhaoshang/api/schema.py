"""The OpenAPI schema documents the one error shape (errors.py) for every operation it can come from.

drf-spectacular documents only each view's success responses; a client (and Schemathesis in the tests) must also
know the 4xx answers and that they all share {"code", "message", "fields"}. This postprocessing hook
(SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]) adds an `Error` component and the 4xx responses that apply:

- every operation: 401 (no or invalid credentials), 403 (no permission), 404 (not found, or an invalid page),
  406 (an Accept header the API cannot answer), 429 (throttled);
- every write, and reads with query parameters: 400 (validation errors, in `fields`; the services' rules too,
  e.g. a published evaluation run cannot be deleted);
- operations with a request body: 415 (not JSON, form or multipart);
- PUT / PATCH: 409 (the record was changed by someone else since `version`).

A response an operation documents itself is left as it is.
"""

ERROR_COMPONENT = "Error"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
ERROR_SCHEMA = {
    "type": "object",
    "description": "接口所有 4xx 错误的统一格式。",
    "properties": {
        "code": {"type": "string", "description": "错误代码, 如 invalid、not_authenticated、permission_denied、"
                                                  "not_found、concurrent_edit、throttled"},
        "message": {"type": "string", "description": "中文说明"},
        "fields": {
            "type": "object",
            "description": "字段 → 该字段的错误消息; 嵌套字段写作 `contacts.0.phone`; 与字段无关的错误时为空对象",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["code", "message", "fields"],
}
DESCRIPTIONS = {
    "400": "提交的数据或查询参数有误(各字段的消息见 fields)",
    "401": "未登录或令牌无效",
    "403": "无权执行此操作",
    "404": "不存在或无权查看(或页码无效)",
    "406": "无法按请求的格式(Accept)返回, 接口只返回 JSON",
    "409": "记录已被他人修改(version 已过期)",
    "415": "不支持的请求内容类型, 请使用 JSON",
    "429": "请求过于频繁, 请稍后再试",
}
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _statuses(method: str, operation: dict) -> list[str]:
    has_body = "requestBody" in operation
    has_query = any(parameter.get("in") == "query" for parameter in operation.get("parameters", []))
    statuses = ["401", "403", "404", "406", "429"]
    if method != "get" or has_query:
        statuses.append("400")
    if has_body:
        statuses.append("415")
    if method in ("put", "patch"):
        statuses.append("409")
    return sorted(statuses)


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: the error responses of every operation (see the module docstring)."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status in _statuses(method, operation):
                responses.setdefault(status, {
                    "description": DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": ERROR_REF}},
                })
    return result
