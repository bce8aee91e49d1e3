"""Pages of 招商情报: the inbox, an article with its records, the decisions, and the market figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_tables2 import RequestConfig

from zhaoshang.accounts.access import can_write, visible_zones
from zhaoshang.core.forms import MSG_FIX_BELOW, apply_validation_error
from zhaoshang.core.views import (
    writer_zone_or_denied,
    get_visible_or_404,
    get_writable_or_denied,
    htmx_redirect,
    single_writable_zone,
)
from zhaoshang.intelligence import selectors, services
from zhaoshang.intelligence.choices import FigureKind
from zhaoshang.intelligence.forms import (
    AcceptForm,
    MergeForm,
    PasteForm,
    RejectForm,
    UploadForm,
)
from zhaoshang.intelligence.models import Article, FigureRecord, ProjectRecord
from zhaoshang.intelligence.tables import ArticleTable, FigureTable

PAGE_SIZE = 25
UPLOAD_IDS = "upload_%s"  # the inbox holds both forms: their fields need distinct ids
MSG_NO_ZONE = "请以园区用户身份提交文章。"
MSG_EXTRACTED = "已从《{title}》抽取 {projects} 个项目、{statistics} 条统计、{targets} 条目标。"
MSG_DUPLICATE = "这篇文章已于 {when} 由{who}收录, 未重复提取; 已为您打开原来的文章。"
MSG_QUEUED = "文件已上传, 正在后台提取, 本页显示进度。"
MSG_ACCEPTED = "已建立线索“{name}”, 编号 {code}。"
MSG_MERGED = "已将文章关联到项目“{name}”, 并记入项目变更历史。"
MSG_REJECTED = "已驳回。"


def _inbox_context(request, *, paste_form=None, upload_form=None) -> dict:
    filterset = selectors.filter_articles(request)
    show_zone = visible_zones(request.user).count() > 1
    table = ArticleTable(filterset.qs, show_zone=show_zone)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    zone = single_writable_zone(request.user)
    return {
        "filter": filterset, "table": table, "zone": zone,
        "paste_form": paste_form or PasteForm(), "upload_form": upload_form or UploadForm(auto_id=UPLOAD_IDS),
        "jobs": selectors.extraction_jobs(request.user).filter(created_by=request.user)[:5] if zone else [],
    }


@login_required
def inbox(request):
    return render(request, "intelligence/inbox.html", _inbox_context(request))


def _duplicate_message(article: Article) -> str:
    who = article.uploaded_by.display_name if article.uploaded_by else "系统"
    return MSG_DUPLICATE.format(when=timezone.localtime(article.uploaded_at).strftime("%Y-%m-%d %H:%M"), who=who)


@login_required
@require_POST
def paste(request):
    zone = writer_zone_or_denied(request.user, MSG_NO_ZONE)
    form = PasteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if len(data["text"]) > services.SYNC_LIMIT:
            job = services.articles_enqueue(
                zone=zone, by=request.user, files=[("粘贴文本.txt", data["text"].encode())], title=data["title"],
                source=data["source"], url=data["url"], published_on=data["published_on"])
            messages.info(request, MSG_QUEUED)
            return redirect("intelligence:batch", pk=job.pk)
        try:
            submission = services.article_submit(zone=zone, by=request.user, **data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            article = submission.article
            if submission.created:
                messages.success(request, MSG_EXTRACTED.format(
                    title=article.title, projects=article.project_records.count(),
                    statistics=article.figure_records.filter(kind=FigureKind.STATISTIC).count(),
                    targets=article.figure_records.filter(kind=FigureKind.TARGET).count()))
            else:
                messages.info(request, _duplicate_message(article))
            return redirect(article)
    messages.error(request, MSG_FIX_BELOW)
    return render(request, "intelligence/inbox.html", _inbox_context(request, paste_form=form), status=400)


@login_required
@require_POST
def upload(request):
    zone = writer_zone_or_denied(request.user, MSG_NO_ZONE)
    form = UploadForm(request.POST, request.FILES, auto_id=UPLOAD_IDS)
    if form.is_valid():
        files = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
        job = services.articles_enqueue(zone=zone, by=request.user, files=files, source=form.cleaned_data["source"],
                                        published_on=form.cleaned_data["published_on"])
        messages.info(request, MSG_QUEUED)
        return redirect("intelligence:batch", pk=job.pk)
    messages.error(request, MSG_FIX_BELOW)
    return render(request, "intelligence/inbox.html", _inbox_context(request, upload_form=form), status=400)


@login_required
def batch(request, pk):
    job = get_visible_or_404(selectors.extraction_jobs(request.user), request.user, pk=pk)
    template = "intelligence/_batch_status.html" if request.htmx else "intelligence/batch.html"
    return render(request, template, {"job": job})


@login_required
def article_detail(request, pk):
    article = get_visible_or_404(Article.objects.select_related("zone", "uploaded_by"), request.user, pk=pk)
    projects = list(article.project_records.select_related("decided_by", "project"))
    figures = list(article.figure_records.select_related("decided_by"))
    matches = selectors.record_matches(projects, article.zone_id)
    for record in projects:
        record.match = matches.get(record.pk)
    return render(request, "intelligence/article.html", {
        "article": article,
        "projects": projects,
        "statistics": [f for f in figures if f.kind == FigureKind.STATISTIC],
        "targets": [f for f in figures if f.kind == FigureKind.TARGET],
        "segments": selectors.article_segments(article, projects, figures),
        "sources": article.project_sources.select_related("project"),
        "can_write": can_write(request.user, article.zone_id),
    })


def _writable_record(request, model, pk):
    """404 for a record of a zone the user cannot see; 403 for a read-only role."""
    return get_writable_or_denied(model.objects.select_related("article__zone"), request.user,
                                  zone_attr="article.zone_id", pk=pk)


def _decision(request, record, form, *, perform, title: str, **context):
    """A decision in a modal on the article page (or as a page without JS); back to the record after.
    `perform` takes the form's data and returns the success message and any notes for the user."""
    if request.method == "POST" and form.is_valid():
        try:
            done, notes = perform(**form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, done)
            for note in notes:
                messages.warning(request, note)
            return htmx_redirect(request, f"{record.article.get_absolute_url()}#record-{record.key}")
    template = "intelligence/_decision_body.html" if request.htmx else "intelligence/decision_page.html"
    return render(request, template, {"record": record, "form": form, "title": title, "is_modal": bool(request.htmx),
                                      **context})


def _matches(record: ProjectRecord):
    return selectors.record_matches([record], record.article.zone_id).get(record.pk)


@login_required
@require_http_methods(["GET", "POST"])
def record_accept(request, pk):
    record = _writable_record(request, ProjectRecord, pk)
    form = AcceptForm(request.POST or None, record=record, matches=_matches(record))

    def perform(name, investor, investor_name):
        accepted = services.project_record_accept(record=record, by=request.user, name=name, investor=investor,
                                                  investor_name=investor_name)
        return MSG_ACCEPTED.format(name=accepted.project.name, code=accepted.project.code), accepted.notes

    # What the lead will be, shown before the user confirms.
    stage_dates, stage_note = services.lead_stage_dates(record)
    fields, notes = services.lead_fields(record)
    preview = {"stage_dates": stage_dates, "fields": fields, "notes": [n for n in (stage_note, *notes) if n]}
    return _decision(request, record, form, perform=perform, title="建为新线索", preview=preview)


@login_required
@require_http_methods(["GET", "POST"])
def record_merge(request, pk):
    record = _writable_record(request, ProjectRecord, pk)
    form = MergeForm(request.POST or None, record=record, matches=_matches(record))

    def perform(project):
        services.project_record_merge(record=record, project=project, by=request.user)
        return MSG_MERGED.format(name=project.name), []

    return _decision(request, record, form, perform=perform, title="并入已有项目")


def _reject(request, model, pk, title: str):
    record = _writable_record(request, model, pk)

    def perform(reason):
        services.record_reject(record=record, by=request.user, reason=reason)
        return MSG_REJECTED, []

    return _decision(request, record, RejectForm(request.POST or None), perform=perform, title=title)


@login_required
@require_http_methods(["GET", "POST"])
def record_reject(request, pk):
    return _reject(request, ProjectRecord, pk, "驳回")


@login_required
@require_http_methods(["GET", "POST"])
def figure_reject(request, pk):
    return _reject(request, FigureRecord, pk, "驳回(抽取有误)")


@login_required
def market(request):
    filterset = selectors.filter_figures(request)
    table = FigureTable(filterset.qs, show_zone=visible_zones(request.user).count() > 1)
    RequestConfig(request, paginate={"per_page": PAGE_SIZE}).configure(table)
    return render(request, "intelligence/market.html", {"filter": filterset, "table": table})
