"""The yearly 亩均 data and the parcel register: lists (with totals), imports, templates and the export.

Readers (leaders, city viewers) see the lists of the zones they may see; only writers of a zone import.
The filter set and table of each list live here, beside the only views that use them.
"""

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Count, FloatField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, NullIf
from django.http import Http404
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_http_methods
from django_tables2 import RequestConfig

from zhaoshang.accounts.access import visible_zones
from zhaoshang.core.imports import import_page
from zhaoshang.core.views import single_writable_zone, xlsx_response
from zhaoshang.evaluation import excel, jobs
from zhaoshang.evaluation.engine.data import LEASED
from zhaoshang.evaluation.models import EnterpriseYear, Parcel

PAGE_SIZE = 50
SCALE_CHOICES = (("above", "规上"), ("below", "规下"))
MSG_BAD_FILTER = "筛选条件有误"


def _number(value, places: int = 2) -> str:
    return "—" if value is None else f"{value:,.{places}f}"


def _styled(filterset: django_filters.FilterSet) -> None:
    for filter_ in filterset.filters.values():
        widget = filter_.field.widget
        widget.attrs["class"] = ("form-select form-select-sm" if isinstance(widget, forms.Select)
                                 else "form-control form-control-sm")


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


class DataFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "企业名称或统一社会信用代码"}))
    zone = django_filters.ModelChoiceFilter(label="园区", queryset=None, empty_label="全部园区")
    year = django_filters.ChoiceFilter(label="年度", choices=(), empty_label=None)
    scale = django_filters.ChoiceFilter(label="规模", choices=SCALE_CHOICES, method="filter_scale", empty_label="全部")

    class Meta:
        model = EnterpriseYear
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, years=(), prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        zones = visible_zones(request.user)
        self.filters["zone"].queryset = zones
        if zones.count() <= 1:
            del self.filters["zone"]
        self.filters["year"].extra["choices"] = [(year, f"{year}年") for year in years]
        _styled(self)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(enterprise__credit_code=value.upper()))

    def filter_scale(self, queryset, name, value):
        return queryset.filter(above_scale=value == "above") if value else queryset


class AmountColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, attrs={"td": {"class": "amount"}, "th": {"class": "amount"}}, **kwargs)

    def render(self, value):
        return _number(value)


class DataTable(tables.Table):
    enterprise = tables.Column(verbose_name="企业名称", linkify=lambda record: record.enterprise.get_absolute_url(),
                               order_by=("enterprise__name",))
    credit_code = tables.Column(verbose_name="统一社会信用代码", accessor="enterprise__credit_code",
                                attrs={"td": {"class": "small text-nowrap"}})
    zone = tables.Column(verbose_name="园区")
    year = tables.Column(verbose_name="年度")
    above_scale = tables.Column(verbose_name="规模")
    land_mu = AmountColumn(verbose_name="用地面积(亩)")
    parcel = tables.Column(verbose_name="宗地", order_by=("parcel__code",))
    revenue = AmountColumn(verbose_name="营业收入(万元)")
    tax = AmountColumn(verbose_name="税收(万元)")
    tax_per_mu = AmountColumn(verbose_name="亩均税收(万元/亩)")
    value_added = AmountColumn(verbose_name="工业增加值(万元)")
    energy_tce = AmountColumn(verbose_name="综合能耗(吨标煤)")
    industry = tables.Column(verbose_name="行业", order_by=("industry__code",))

    class Meta:
        model = EnterpriseYear
        fields = ("enterprise", "credit_code", "zone", "year", "above_scale", "land_mu", "parcel", "revenue", "tax",
                  "tax_per_mu", "value_added", "energy_tce", "industry")
        attrs = {"class": "table table-hover table-sm align-middle bg-white mb-0"}
        empty_text = "没有符合条件的企业年度数据。"

    def __init__(self, *args, show_zone: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_zone:
            self.columns.hide("zone")

    def render_year(self, value):
        return f"{value}年"

    def render_above_scale(self, value):
        return "规上" if value else "规下"

    def render_parcel(self, record):
        if record.tenure != LEASED:
            return record.parcel.code
        return format_html('{} <span class="badge text-bg-light border">{}</span>', record.parcel.code, "租赁")

    def render_industry(self, value):
        return format_html('<span class="small">{}</span>', str(value))


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
    return {name: _number(value) if name not in ("count", "above") else value for name, value in totals.items()}


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


class ParcelFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "宗地编号、坐落或土地使用权人"}))
    zone = django_filters.ModelChoiceFilter(label="园区", queryset=None, empty_label="全部园区")

    class Meta:
        model = Parcel
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        zones = visible_zones(request.user)
        self.filters["zone"].queryset = zones
        if zones.count() <= 1:
            del self.filters["zone"]
        _styled(self)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(location__icontains=value)
                               | Q(owner__name__icontains=value) | Q(owner__credit_code=value.upper()))


class ParcelTable(tables.Table):
    code = tables.Column(verbose_name="宗地编号")
    zone = tables.Column(verbose_name="园区")
    location = tables.Column(verbose_name="坐落")
    area_mu = AmountColumn(verbose_name="宗地面积(亩)")
    supplied_on = tables.DateColumn(verbose_name="供地日期", format="Y-m-d")
    owner = tables.Column(verbose_name="土地使用权人", linkify=lambda record: record.owner.get_absolute_url(),
                          order_by=("owner__name",))
    occupants = tables.Column(verbose_name="本年用地企业", empty_values=(), orderable=False)
    used_mu = tables.Column(verbose_name="本年申报用地(亩)", empty_values=(), orderable=False,
                            attrs={"td": {"class": "amount"}})
    note = tables.Column(verbose_name="备注", orderable=False)

    class Meta:
        model = Parcel
        fields = ("code", "zone", "location", "area_mu", "supplied_on", "owner", "occupants", "used_mu", "note")
        attrs = {"class": "table table-hover table-sm align-middle bg-white mb-0"}
        empty_text = "宗地登记中还没有宗地。"

    def __init__(self, *args, show_zone: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_zone:
            self.columns.hide("zone")

    def render_occupants(self, record):
        rows = record.this_year
        if not rows:
            return format_html('<span class="text-muted small">{}</span>', "无申报")
        return format_html_join(
            "", '<div class="small text-nowrap"><a href="{}">{}</a> {} 亩{}</div>',
            ((row.enterprise.get_absolute_url(), row.enterprise.name, _number(row.land_mu),
              "(租赁)" if row.tenure == LEASED else "") for row in rows))

    def render_used_mu(self, record):
        return _number(sum((row.land_mu for row in record.this_year), start=0)) if record.this_year else "—"


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
    totals["area"] = _number(totals["area"] or 0)
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
