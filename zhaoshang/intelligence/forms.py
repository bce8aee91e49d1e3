"""Forms of the review queue: they collect input and check uploads; the services decide the rest."""

from django import forms
from django.conf import settings

from zhaoshang.core.forms import StyledFormMixin
from zhaoshang.core.imports import MSG_EMPTY, MSG_TOO_LARGE
from zhaoshang.core.uploads import UnsafeArchive, check_office_archive
from zhaoshang.core.xlsx import XLSX_MAGIC
from zhaoshang.enterprises.models import Enterprise
from zhaoshang.intelligence.extract.readers import ReadError, check_suffix
from zhaoshang.intelligence.matching import Matches
from zhaoshang.projects.models import Project

MAX_FILES = 20
PASTE_MAX_CHARS = 200_000
MSG_TOO_MANY_FILES = "一次最多上传 {limit} 个文件, 请分批上传。"
MSG_PASTE_TOO_LONG = "粘贴的文字有 {length} 字, 超过上限 {limit} 字, 请拆分后分批提交或保存为文件上传。"
MSG_NOT_PDF = "“{name}”不是有效的 PDF 文件(文件已损坏, 或扩展名与内容不符), 无法读取。"
MSG_NOT_DOCX = "“{name}”不是有效的 Word 文件(.docx)。旧版 .doc 请在 Word 或 WPS 中“另存为” .docx 后重新上传。"
MSG_FILE = "“{name}”: {message}"
MSG_PROJECT_REQUIRED = "请选择要并入的项目。"

# The first bytes each binary format must begin with; a renamed .exe or a truncated download fails here,
# before a job is queued. (A .docx, like an .xlsx, is a zip archive.)
MAGIC = {".pdf": (b"%PDF-", MSG_NOT_PDF), ".docx": (XLSX_MAGIC, MSG_NOT_DOCX)}


class PasteForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label="文章内容", widget=forms.Textarea(attrs={"rows": 8, "placeholder": "粘贴新闻、报告或网页文字"}),
                           strip=True)
    title = forms.CharField(label="标题", required=False, max_length=200, help_text="不填时取第一行")
    source = forms.CharField(label="来源", required=False, max_length=100)
    url = forms.URLField(label="网址", required=False, max_length=500, assume_scheme="https")
    published_on = forms.DateField(label="发布日期", required=False, widget=forms.DateInput(),
                                   help_text="用于解析“去年”“今年一季度”等; 不填时从文中推断")

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text) > PASTE_MAX_CHARS:
            raise forms.ValidationError(MSG_PASTE_TOO_LONG.format(length=len(text), limit=PASTE_MAX_CHARS))
        return text


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.html,.htm,.docx,.pdf"}))
        kwargs.setdefault("allow_empty_file", True)  # check_upload says so, naming the file
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        items = list(data) if isinstance(data, (list, tuple)) else ([data] if data else [])
        if not items:
            super().clean(None, initial)  # the "required" message
            return []
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def check_upload(upload) -> None:
    """Type, size and the first bytes of one file, with its name in every message."""
    try:
        suffix = check_suffix(upload.name)
    except ReadError as error:
        raise forms.ValidationError(MSG_FILE.format(name=upload.name, message=error.zh)) from None
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(MSG_FILE.format(name=upload.name, message=MSG_TOO_LARGE.format(
            size=upload.size / 2**20, limit=limit / 2**20)))
    if upload.size == 0:
        raise forms.ValidationError(MSG_FILE.format(name=upload.name, message=MSG_EMPTY))
    if suffix in MAGIC:
        magic, message = MAGIC[suffix]
        head = upload.read(len(magic))
        upload.seek(0)
        if head != magic:
            raise forms.ValidationError(message.format(name=upload.name))
    if suffix == ".docx":
        try:
            check_office_archive(upload, broken=MSG_NOT_DOCX.format(name=upload.name))
        except UnsafeArchive as error:
            message = str(error)
            raise forms.ValidationError(message if upload.name in message else
                                        MSG_FILE.format(name=upload.name, message=message)) from None


class UploadForm(StyledFormMixin, forms.Form):
    files = MultipleFileField(label="文件(.txt .html .docx .pdf, 可多选)")
    source = forms.CharField(label="来源", required=False, max_length=100)
    published_on = forms.DateField(label="发布日期", required=False, widget=forms.DateInput(),
                                   help_text="所有文件共用; 不填时从各文中推断")

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(MSG_TOO_MANY_FILES.format(limit=MAX_FILES))
        errors = []
        for upload in files:
            try:
                check_upload(upload)
            except forms.ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files


class AcceptForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="项目名称", max_length=150)
    investor = forms.ModelChoiceField(label="投资方(企业库)", queryset=Enterprise.objects.none(), required=False,
                                      help_text="选择后以所选企业为准")
    investor_name = forms.CharField(label="或投资方名称", max_length=120, required=False,
                                    help_text="企业库中没有时填写, 保存时自动建入企业库")

    def __init__(self, *args, record, matches: Matches | None, **kwargs):
        best = matches.enterprise if matches else None
        kwargs.setdefault("initial", {"name": record.name, "investor_name": record.investor_name,
                                      "investor": best.pk if best else None})
        super().__init__(*args, **kwargs)
        self.fields["investor"].queryset = Enterprise.objects.filter(zone_id=record.article.zone_id).order_by("name")


class MergeForm(StyledFormMixin, forms.Form):
    project = forms.TypedChoiceField(label="并入项目", coerce=int, empty_value=None)

    def __init__(self, *args, record, matches: Matches | None, **kwargs):
        candidates = matches.projects if matches else []
        kwargs.setdefault("initial", {"project": candidates[0].pk if candidates else None})
        super().__init__(*args, **kwargs)
        self.projects = Project.objects.filter(zone_id=record.article.zone_id)
        others = self.projects.exclude(pk__in=[c.pk for c in candidates]).order_by("name").values_list("pk", "name")
        choices = [("", "请选择")]
        if candidates:
            choices.append(("相似项目", [(c.pk, f"{c.name}(匹配度 {c.score})") for c in candidates]))
        choices.append(("全部项目", list(others)))
        self.fields["project"].choices = choices
        self.fields["project"].error_messages["required"] = MSG_PROJECT_REQUIRED

    def clean_project(self):
        return self.projects.get(pk=self.cleaned_data["project"])


class RejectForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="驳回原因", required=False, max_length=200,
                             help_text="可不填, 如: 不是项目、抽取有误、与本园区无关")
