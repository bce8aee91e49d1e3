"""China's official calendar: the days that differ from the plain week (holidays, make-up working days)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A day the State Council's schedule makes a holiday (on a weekday) or a working day (on a weekend).

    chinese-calendar ships the schedule up to 2026; a later year is entered here from the published notice
    (国务院办公厅关于某年部分节假日安排的通知). A year counts as known only once it is marked complete.
    """

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("是否上班"), help_text=_("法定节假日填否, 调休上班填是"))
    name = models.CharField(_("名称"), max_length=30, blank=True, help_text=_("如 春节、国庆节调休"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.name}".strip()


class CalendarYear(models.Model):
    """A year whose official schedule has been entered in full (the entered days are then trusted)."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    source = models.CharField(_("依据"), max_length=200, help_text=_("如 国办发明电〔2026〕X号"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("已录入年份")
        verbose_name_plural = _("已录入年份")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)
