"""The project's URLs with this app's, until config/urls.py includes it (then exactly the project's)."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = list(project_urlpatterns)
if not any(getattr(pattern, "namespace", None) == "assessment" for pattern in urlpatterns):
    urlpatterns.append(path("assessment/", include("zhaoshang.assessment.urls")))
