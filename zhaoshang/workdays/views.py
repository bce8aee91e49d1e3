"""The working calendar: everyone reads it; zone administrators enter a year's official schedule."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhaoshang.core.forms import MSG_FIX_BELOW, apply_validation_error
from zhaoshang.workdays import services
from zhaoshang.workdays.forms import HolidayForm, YearCompleteForm
from zhaoshang.workdays.models import CalendarDay
from zhaoshang.workdays.selectors import calendar_years, year_schedule

FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("年份超出范围")
    return year


def _ensure_editor(request) -> None:
    if not services.can_edit_calendar(request.user):
        raise PermissionDenied(services.MSG_NOT_ALLOWED)


@login_required
def calendar_index(request):
    return render(request, "workdays/index.html", {
        "years": calendar_years(timezone.localdate()),
        "can_edit": services.can_edit_calendar(request.user),
    })


def _year_page(request, year: int, *, holiday_form=None, complete_form=None):
    return render(request, "workdays/year.html", {
        "year": year,
        "schedule": year_schedule(year),
        "can_edit": services.can_edit_calendar(request.user),
        "holiday_form": holiday_form or HolidayForm(),
        "complete_form": complete_form or YearCompleteForm(),
    })


@login_required
def calendar_year(request, year):
    return _year_page(request, _year(year))


def _submit(request, year: int, form, *, perform, done, form_name: str):
    """A form of the year page: on success back to the page with `done(result)` as the message, else the
    page again with the form's errors."""
    _ensure_editor(request)
    if form.is_valid():
        try:
            result = perform(**form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, done(result))
            return redirect("workdays:year", year=year)
    messages.error(request, MSG_FIX_BELOW)
    return _year_page(request, year, **{form_name: form})


@login_required
@require_POST
def holiday_add(request, year):
    return _submit(request, _year(year), HolidayForm(request.POST), form_name="holiday_form",
                   perform=lambda **fields: services.holiday_enter(by=request.user, **fields),
                   done=lambda rows: f"已录入 {len(rows)} 天。")


@login_required
@require_POST
def day_delete(request, year, pk):
    year = _year(year)
    _ensure_editor(request)
    day = get_object_or_404(CalendarDay, pk=pk)
    services.calendar_day_delete(day=day, by=request.user)
    messages.success(request, f"已删除 {day.date}。")
    return redirect("workdays:year", year=year)


@login_required
@require_POST
def year_complete(request, year):
    year = _year(year)
    return _submit(request, year, YearCompleteForm(request.POST), form_name="complete_form",
                   perform=lambda **fields: services.calendar_year_complete(year=year, by=request.user, **fields),
                   done=lambda record: f"{year}年节假日安排已标记为录入完成(依据 {record.source}), "
                                       "工作日按录入的安排计算。")


@login_required
@require_POST
def year_reopen(request, year):
    year = _year(year)
    _ensure_editor(request)
    services.calendar_year_reopen(year=year, by=request.user)
    messages.success(request, f"已取消{year}年的“录入完成”标记。")
    return redirect("workdays:year", year=year)
