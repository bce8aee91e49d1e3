"""The upload page every Excel import shares: check the file, queue the job, show its progress."""

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render

from zhaoshang.core.forms import StyledFormMixin
from zhaoshang.core.uploads import UnsafeArchive, check_office_archive
from zhaoshang.core.xlsx import MSG_NOT_XLSX, XLSX_MAGIC
from zhaoshang.core.views import writer_zone_or_denied
from zhaoshang.jobs.runner import enqueue

MSG_TOO_LARGE = "文件大小 {size:.1f} MB 超过上限 {limit:.0f} MB, 请拆分后分批导入。"
MSG_EMPTY = "上传的文件是空的。"


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label="Excel 文件(.xlsx)", widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(MSG_TOO_LARGE.format(size=upload.size / 2**20, limit=limit / 2**20))
        if upload.size == 0:
            raise forms.ValidationError(MSG_EMPTY)
        head = upload.read(4)
        upload.seek(0)
        if not upload.name.lower().endswith(".xlsx") or head != XLSX_MAGIC:
            raise forms.ValidationError(MSG_NOT_XLSX)
        try:
            check_office_archive(upload, broken=MSG_NOT_XLSX)
        except UnsafeArchive as error:
            raise forms.ValidationError(str(error)) from None
        return upload


def import_page(request, *, kind: str, title: str, template_url_name: str):
    zone = writer_zone_or_denied(request.user, "请以园区用户身份导入数据。")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = enqueue(kind=kind, title=f"{title}: {upload.name}", zone=zone, user=request.user,
                      data=upload.read(), data_name=upload.name)
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "core/import.html", {
        "form": form, "title": title, "zone": zone, "template_url_name": template_url_name,
        "limit_mb": settings.UPLOAD_MAX_BYTES // 2**20,
    })
