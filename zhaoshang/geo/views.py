from django.contrib.auth.decorators import login_required
from django.http import JsonResponse

from zhaoshang.geo.models import Division


@login_required
def children(request):
    """The divisions under one (public reference data: the national code table)."""
    parent = request.GET.get("parent") or None
    rows = Division.objects.filter(parent_id=parent).order_by("code").values("id", "code", "name") if parent else []
    return JsonResponse({"divisions": list(rows)})
