from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django_tables2 import RequestConfig

from zhaoshang.core.views import get_visible_or_404
from zhaoshang.jobs.models import Job
from zhaoshang.jobs.runner import fail_stale_jobs
from zhaoshang.jobs.tables import JobTable


@login_required
def job_list(request):
    fail_stale_jobs()
    jobs = Job.objects.visible_to(request.user).select_related("created_by", "zone").defer("data")
    table = JobTable(jobs)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(request, "jobs/list.html", {"table": table})


@login_required
def job_detail(request, pk):
    job = get_visible_or_404(Job.objects.defer("data"), request.user, pk=pk)
    template = "jobs/_status.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job})
