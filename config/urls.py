from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("", include("zhaoshang.core.urls")),
    path("accounts/", include("zhaoshang.accounts.urls")),
    path("projects/", include("zhaoshang.projects.urls")),
    path("enterprises/", include("zhaoshang.enterprises.urls")),
    path("jobs/", include("zhaoshang.jobs.urls")),
    path("organisation/", include("zhaoshang.organisation.urls")),
    path("cockpit/", include("zhaoshang.cockpit.urls")),
    path("geo/", include("zhaoshang.geo.urls")),
    path("targets/", include("zhaoshang.targets.urls")),
    path("assessment/", include("zhaoshang.assessment.urls")),
    path("construction/", include("zhaoshang.construction.urls")),
    path("calendar/", include("zhaoshang.workdays.urls")),
    path("intelligence/", include("zhaoshang.intelligence.urls")),
    path("evaluation/", include("zhaoshang.evaluation.urls")),
    path("api/v1/", include("zhaoshang.api.urls")),
    path("api/tokens/", include("zhaoshang.api.token_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

# Unrouted URLs under /api/v1/ get the API's error shape; the rest the site's 404 page.
handler404 = "zhaoshang.api.errors.page_not_found"
