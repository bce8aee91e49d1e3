"""The yearly 亩均 data and the parcel register: lists (with totals), imports, templates and the export.

Readers (leaders, city viewers) see the lists of the zones they may see; only writers of a zone import.
The filter set and table of each list live here, beside the only views that use them.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, FloatField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, NullIf
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from zhaoshang.accounts.access import visible_zones
from zhaoshang.core.imports import import_page
from zhaoshang.core.views import single_writable_zone, xlsx_response
from zhaoshang.evaluation import excel, jobs
from zhaoshang.evaluation.filtersets import DataFilterSet, ParcelFilterSet
from zhaoshang.evaluation.models import EnterpriseYear, Parcel
from zhaoshang.evaluation.tables import DataTable, ParcelTable, number

PAGE_SIZE = 50
MSG_BAD_FILTER = "筛选条件有误"


def _visible_years(user) -> list[int]:
    return list(EnterpriseYear.objects.visible_to(user).order_by("-year").values_list("year", flat=True).distinct())


def _with_year(request, years: list[int]):
    """The query with the latest year filled in when none is asked for: a list of every year at once
    mixes figures that are never added up together."""
    data = request.GET.copy()
    if not data.get("year") and years:
        data["year"] = str(years[0])
    return data


# ------------------------------------------------------------------------------------------- data list


def _data_queryset(user) -> QuerySet:
    return (EnterpriseYear.objects.visible_to(user)
            .select_related("zone", "enterprise", "parcel", "industry")
            .annotate(tax_per_mu=Cast("tax", FloatField()) / NullIf(Cast("land_mu", FloatField()), Value(0.0)))
            .order_by("-year", "enterprise__name", "pk"))


def _data_filtered(request) -> DataFilterSet:
    years = _visible_years(request.user)
    filterset = DataFilterSet(_with_year(request, years), queryset=_data_queryset(request.user), request=request,
                              years=years)
    if filterset.is_bound and not filterset.is_valid():  # a bad value must not widen the list
        filterset.queryset = filterset.queryset.none()
    return filterset


def _totals(queryset: QuerySet) -> dict:
    totals = queryset.order_by().aggregate(count=Count("pk"), above=Count("pk", filter=Q(above_scale=True)),
                                           land=Sum("land_mu"), revenue=Sum("revenue"), tax=Sum("tax"))
    land = totals["land"]
    totals["tax_per_mu"] = totals["tax"] / land if land else None
    totals["revenue_per_mu"] = totals["revenue"] / land if land else None
    # Shown as the table shows figures: two places, thousands separated.
    return {name: number(value) if name not in ("count", "above") else value for name, value in totals.items()}


@login_required
def data_list(request):
    filterset = _data_filtered(request)
    queryset = filterset.qs
    table = DataTable(queryset, show_zone=visible_zones(request.user).count() > 1)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    return render(request, "evaluation/data_list.html", {
        "filter": filterset, "table": table, "totals": _totals(queryset),
        "year": filterset.form.cleaned_data.get("year") if filterset.is_valid() else None,
        "can_import": single_writable_zone(request.user) is not None,
    })


@login_required
def data_export(request):
    filterset = _data_filtered(request)
    if not filterset.is_valid():
        raise Http404(MSG_BAD_FILTER)
    year = filterset.form.cleaned_data.get("year")
    name = f"企业年度数据-{year}年.xlsx" if year else "企业年度数据.xlsx"
    return xlsx_response(excel.export_data(filterset.qs), name)


@login_required
def data_template(request):
    return xlsx_response(excel.template(), "企业年度数据导入模板.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def data_import(request):
    return import_page(request, kind=jobs.IMPORT_DATA, title="导入企业年度数据(亩均)",
                       template_url_name="evaluation:data_template")


# ----------------------------------------------------------------------------------------- parcel list


@login_required
def parcel_list(request):
    years = _visible_years(request.user)
    year = years[0] if years else None
    wanted = request.GET.get("year", "")
    if wanted:
        if not wanted.isdigit() or int(wanted) not in years:
            raise Http404(MSG_BAD_FILTER)
        year = int(wanted)
    this_year = (EnterpriseYear.objects.filter(year=year).select_related("enterprise")
                 .order_by("-tenure", "enterprise__name"))  # the owner (自有) before its tenants
    queryset = (Parcel.objects.visible_to(request.user).select_related("zone", "owner")
                .prefetch_related(Prefetch("enterprise_years", queryset=this_year, to_attr="this_year"))
                .order_by("code"))
    filterset = ParcelFilterSet(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():
        filterset.queryset = queryset.none()
    table = ParcelTable(filterset.qs, show_zone=visible_zones(request.user).count() > 1)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    totals = filterset.qs.order_by().aggregate(count=Count("pk"), area=Sum("area_mu"))
    totals["area"] = number(totals["area"] or 0)
    return render(request, "evaluation/parcel_list.html", {
        "filter": filterset, "table": table, "totals": totals, "year": year, "years": years,
        "can_import": single_writable_zone(request.user) is not None,
    })


@login_required
def parcel_template(request):
    return xlsx_response(excel.parcel_template(), "宗地登记导入模板.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def parcel_import(request):
    return import_page(request, kind=jobs.IMPORT_PARCELS, title="导入宗地登记",
                       template_url_name="evaluation:parcel_template")
