from zhaoshang.changelog.context import change_source
from zhaoshang.changelog.models import ChangeSource


class ChangeSourceMiddleware:
    """Marks every change made while serving a request as coming from the web (or the API)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = ChangeSource.API if request.path.startswith("/api/") else ChangeSource.WEB
        with change_source(source):
            return self.get_response(request)
