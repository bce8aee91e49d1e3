"""Scorecard pages: the list, the ranking with its red flags, and the forms of those who keep a card.

A card the user cannot see answers 404; one they see but may not change answers 403 on every write.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from zhaoshang.assessment import excel, selectors, services
from zhaoshang.assessment.forms import AdjustmentForm, IndicatorForm, ScorecardForm, TargetGridForm
from zhaoshang.assessment.models import ScoreAdjustment, Scorecard, ScoreIndicator, ScoreTarget
from zhaoshang.core.forms import MSG_FIX_BELOW, apply_validation_error
from zhaoshang.core.imports import UploadForm
from zhaoshang.core.views import xlsx_response
from zhaoshang.core.xlsx import XlsxError
from zhaoshang.targets.choices import ScorecardScope

MSG_CANNOT_CREATE = "您没有新建该类考核方案的权限: 园区小组考核由园区管理员新建, 辖区园区考核由系统管理员新建。"


def _card(request, pk) -> Scorecard:
    cards = selectors.visible_scorecards(request.user).select_related("zone", "division__parent__parent", "previous")
    return get_object_or_404(cards, pk=pk)


def _editable_card(request, pk) -> Scorecard:
    card = _card(request, pk)
    services.ensure_can_edit(request.user, card)
    return card


def _period(card: Scorecard, request):
    """The period asked for in ?period=, else the latest complete one as of today."""
    try:
        return selectors.as_period(card, request.GET.get("period") or "")
    except ValueError:
        return selectors.default_period(card, timezone.localdate())


def _periods(card: Scorecard) -> list[tuple[str, str]]:
    return [(period.code, selectors.period_label(card, period)) for period in card.periods]


def _form_page(request, form, *, card=None, title: str, back: str):
    if request.method == "POST":
        messages.error(request, MSG_FIX_BELOW)
    return render(request, "assessment/form.html", {"form": form, "card": card, "title": title, "back": back})


@login_required
def scorecard_list(request):
    user = request.user
    cards = selectors.visible_scorecards(user).select_related("zone", "division").order_by("-year", "scope", "name")
    return render(request, "assessment/list.html", {
        "cards": cards,
        "can_create_teams": selectors.creatable_zones(user).exists(),
        "can_create_zones": user.is_superuser,
    })


@login_required
@require_http_methods(["GET", "POST"])
def scorecard_create(request):
    scope = request.GET.get("scope") or ScorecardScope.ZONE_TEAMS
    if scope not in ScorecardScope.values:
        scope = ScorecardScope.ZONE_TEAMS
    allowed = (selectors.creatable_zones(request.user).exists() if scope == ScorecardScope.ZONE_TEAMS
               else request.user.is_superuser)
    if not allowed:
        raise PermissionDenied(MSG_CANNOT_CREATE)
    year = timezone.localdate().year
    form = ScorecardForm(request.POST or None, user=request.user, scope=scope, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            card = services.scorecard_create(by=request.user, scope=scope, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"考核方案“{card.name}”已建立, 请添加考核指标并填写目标值。")
            return redirect(card)
    return _form_page(request, form, title=f"新建考核方案 · {ScorecardScope(scope).label}",
                      back=reverse("assessment:list"))


@login_required
@require_http_methods(["GET", "POST"])
def scorecard_edit(request, pk):
    card = _editable_card(request, pk)
    form = ScorecardForm(request.POST or None, instance=card, user=request.user, scope=card.scope)
    if request.method == "POST" and form.is_valid():
        try:
            services.scorecard_update(scorecard=Scorecard.objects.get(pk=card.pk), by=request.user,
                                      **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "考核方案已保存。")
            return redirect(card)
    return _form_page(request, form, card=card, title=f"编辑考核方案 · {card}", back=card.get_absolute_url())


@login_required
@require_POST
def scorecard_delete(request, pk):
    card = _editable_card(request, pk)
    services.scorecard_delete(scorecard=card, by=request.user)
    messages.success(request, f"考核方案“{card.name}”已删除。")
    return redirect("assessment:list")


@login_required
def scorecard_detail(request, pk):
    card = _card(request, pk)
    today = timezone.localdate()
    period = _period(card, request)
    overview = selectors.scorecard_overview(card, period, today)
    return render(request, "assessment/detail.html", {
        "card": card,
        "overview": overview,
        "period_label": selectors.period_label(card, period),
        "periods": _periods(card),
        "indicators": list(card.indicators.select_related("industry")),
        "holders": {holder.subject.pk: holder for holder in (overview.flag.holders if overview.flag else ())},
        "any_missing": any(row.missing_targets for row in overview.rows),
        "can_edit": selectors.can_edit_scorecard(request.user, card),
        "today": today,
    })


@login_required
def ranking_export(request, pk):
    card = _card(request, pk)
    period = _period(card, request)
    rows = selectors.ranking(card, period, timezone.localdate())
    label = selectors.period_label(card, period)
    return xlsx_response(excel.ranking_workbook(card, period, rows), f"{card.name}-{label}排名.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk, indicator_pk=None):
    card = _editable_card(request, pk)
    indicator = get_object_or_404(ScoreIndicator, scorecard=card, pk=indicator_pk) if indicator_pk else None
    form = IndicatorForm(request.POST or None, instance=indicator,
                         initial={"order": card.indicators.count() + 1} if indicator is None else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_save(scorecard=card, by=request.user,
                                    indicator=ScoreIndicator.objects.get(pk=indicator.pk) if indicator else None,
                                    **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "考核指标已保存。")
            return redirect(card)
    return _form_page(request, form, card=card, title=f"编辑指标 · {indicator}" if indicator else "新增考核指标",
                      back=card.get_absolute_url())


@login_required
@require_POST
def indicator_delete(request, pk, indicator_pk):
    card = _editable_card(request, pk)
    indicator = get_object_or_404(ScoreIndicator, scorecard=card, pk=indicator_pk)
    services.indicator_delete(indicator=indicator, by=request.user)
    messages.success(request, f"指标“{indicator.name}”及其目标值已删除。")
    return redirect(card)


@login_required
@require_http_methods(["GET", "POST"])
def targets_edit(request, pk):
    card = _editable_card(request, pk)
    period = _period(card, request)
    people = selectors.subjects(card)
    indicators = list(card.indicators.all())
    existing = {(target.indicator_id, getattr(target, f"{card.subject_field}_id")): target.value
                for target in ScoreTarget.objects.filter(indicator__scorecard=card, period=period.code)}
    form = TargetGridForm(request.POST or None, scorecard=card, people=people, indicators=indicators,
                          period=period.code, existing=existing)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.targets_set(scorecard=card, by=request.user, values=form.values())
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"目标值已保存({changed} 项有变化)。")
            return redirect(f"{card.get_absolute_url()}?period={period.code}")
    if request.method == "POST":
        messages.error(request, MSG_FIX_BELOW)
    return render(request, "assessment/targets.html", {
        "card": card, "form": form, "period": period, "period_label": selectors.period_label(card, period),
        "periods": _periods(card), "indicators": indicators,
    })


@login_required
@require_http_methods(["GET", "POST"])
def targets_import(request, pk):
    card = _editable_card(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            changed = excel.import_targets(scorecard=card, by=request.user, data=form.cleaned_data["file"].read())
        except XlsxError as error:
            form.add_error("file", error.message)
            errors = error.errors
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"目标值已导入({changed} 项有变化)。")
            return redirect(card)
    return render(request, "assessment/import.html", {"card": card, "form": form, "errors": errors})


@login_required
def targets_template(request, pk):
    card = _editable_card(request, pk)
    return xlsx_response(excel.targets_template(card), f"{card.name}-目标值.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def adjustment_create(request, pk):
    card = _editable_card(request, pk)
    period = _period(card, request)
    form = AdjustmentForm(request.POST or None, scorecard=card, people=selectors.subjects(card),
                          initial={"period": period.code})
    if request.method == "POST" and form.is_valid():
        try:
            adjustment = services.adjustment_create(scorecard=card, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, "加减分已登记。")
            return redirect(f"{card.get_absolute_url()}?period={adjustment.period}")
    return _form_page(request, form, card=card, title="登记加减分", back=card.get_absolute_url())


@login_required
@require_POST
def adjustment_delete(request, pk, adjustment_pk):
    card = _editable_card(request, pk)
    adjustment = get_object_or_404(ScoreAdjustment, scorecard=card, pk=adjustment_pk)
    services.adjustment_delete(adjustment=adjustment, by=request.user)
    messages.success(request, "加减分已删除。")
    return redirect(f"{card.get_absolute_url()}?period={adjustment.period}")
