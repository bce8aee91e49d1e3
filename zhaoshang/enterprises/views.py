"""Enterprise library pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from zhaoshang.accounts.access import can_write, visible_zones
from zhaoshang.changelog.selectors import history_of
from zhaoshang.core.forms import MSG_FIX_BELOW, apply_validation_error
from zhaoshang.core.imports import import_page
from zhaoshang.core.views import get_visible_or_404, get_writable_or_denied, writer_zone_or_denied, xlsx_response
from zhaoshang.evaluation.selectors import enterprise_evaluation_history
from zhaoshang.enterprises import services
from zhaoshang.enterprises.filtersets import EnterpriseFilterSet
from zhaoshang.enterprises.forms import ContactForm, EnterpriseForm, TagsForm
from zhaoshang.enterprises.models import Enterprise, EnterpriseContact
from zhaoshang.enterprises.tables import EnterpriseTable
from zhaoshang.projects.forms import InteractionForm
from zhaoshang.projects.services import interaction_create


def _filtered(request) -> EnterpriseFilterSet:
    queryset = (
        Enterprise.objects.visible_to(request.user)
        .select_related("zone", "industry", "division__parent__parent")
        .prefetch_related("tags")
        .annotate(project_count=Count("projects"))
    )
    filterset = EnterpriseFilterSet(request.GET or None, queryset=queryset, request=request)
    if filterset.is_bound and not filterset.is_valid():  # a bad value must not widen the list
        filterset.queryset = queryset.none()
    return filterset


@login_required
def enterprise_list(request):
    filterset = _filtered(request)
    table = EnterpriseTable(filterset.qs, show_zone=visible_zones(request.user).count() > 1)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "enterprises/list.html", {"filter": filterset, "table": table})


@login_required
def enterprise_detail(request, pk):
    enterprise = get_visible_or_404(
        Enterprise.objects.select_related("zone", "industry", "division__parent__parent"), request.user, pk=pk)
    return render(request, "enterprises/detail.html", {
        "enterprise": enterprise,
        "projects": enterprise.projects.select_related("officer").order_by("-created_at"),
        "interactions": enterprise.interactions.select_related("project", "recorded_by")[:50],
        "history": history_of(enterprise)[:200],
        "evaluation_history": enterprise_evaluation_history(enterprise),
        "can_write": can_write(request.user, enterprise.zone_id),
        "contact_form": ContactForm(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_create(request):
    zone = writer_zone_or_denied(request.user, "请以园区用户身份新建企业。")
    form = EnterpriseForm(request.POST or None)
    tags = TagsForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and tags.is_valid():
        try:
            enterprise = services.enterprise_create(zone=zone, by=request.user, tags=tags.tags(),
                                                    **form.enterprise_fields())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"企业“{enterprise.name}”已加入企业库。")
            return redirect(enterprise)
    if request.method == "POST":
        messages.error(request, MSG_FIX_BELOW)
    return render(request, "enterprises/form.html", {"form": form, "tags": tags, "zone": zone})


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request, pk):
    enterprise = get_writable_or_denied(Enterprise, request.user, pk=pk)
    form = EnterpriseForm(request.POST or None, instance=enterprise, initial={"version": enterprise.version})
    tags = TagsForm(request.POST or None, enterprise=enterprise)
    if request.method == "POST" and form.is_valid() and tags.is_valid():
        try:
            enterprise = services.enterprise_update(
                enterprise=Enterprise.objects.get(pk=enterprise.pk), by=request.user,
                expected_version=form.cleaned_data.get("version"), tags=tags.tags(), **form.enterprise_fields())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "企业信息已保存。")
            return redirect(enterprise)
    if request.method == "POST":
        messages.error(request, MSG_FIX_BELOW)
    return render(request, "enterprises/form.html", {"form": form, "tags": tags, "enterprise": enterprise,
                                                      "zone": enterprise.zone})


@login_required
@require_POST
def contact_add(request, pk):
    enterprise = get_writable_or_denied(Enterprise, request.user, pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(enterprise=enterprise, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "联系人未保存: " + "；".join(error.messages))
        else:
            messages.success(request, "联系人已添加。")
    else:
        messages.error(request, "联系人未保存: " + "；".join(
            f"{form.fields[field].label}: {'、'.join(errors)}" for field, errors in form.errors.items()))
    return redirect(enterprise.get_absolute_url() + "#contacts")


@login_required
@require_POST
def contact_remove(request, pk, contact_pk):
    enterprise = get_writable_or_denied(Enterprise, request.user, pk=pk)
    contact = get_object_or_404(EnterpriseContact, pk=contact_pk, enterprise=enterprise)
    services.contact_remove(contact=contact, by=request.user)
    messages.success(request, "联系人已删除。")
    return redirect(enterprise.get_absolute_url() + "#contacts")


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_interaction_create(request, pk):
    enterprise = get_writable_or_denied(Enterprise, request.user, pk=pk)
    form = InteractionForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            interaction_create(zone=enterprise.zone, enterprise=enterprise, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "对接记录已保存。")
            return redirect(enterprise.get_absolute_url() + "#interactions")
    return render(request, "enterprises/interaction_form.html", {"enterprise": enterprise, "form": form})


@login_required
def enterprise_export(request):
    from zhaoshang.enterprises.excel import export_enterprises

    filterset = _filtered(request)
    if filterset.is_bound and not filterset.is_valid():
        raise Http404("筛选条件有误")
    return xlsx_response(export_enterprises(filterset.qs.order_by("name")),
                         f"企业库-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def enterprise_template(request):
    from zhaoshang.enterprises.excel import enterprise_template as build_template

    return xlsx_response(build_template(), "企业导入模板.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_import(request):
    return import_page(request, kind="enterprises.import", title="导入企业", template_url_name="enterprises:template")
