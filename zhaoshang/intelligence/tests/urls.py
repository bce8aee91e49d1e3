"""The site's URLs with the review queue's, for tests until config/urls.py includes it."""

from django.urls import include, path

from config.urls import urlpatterns as site

urlpatterns = list(site)
if not any(getattr(pattern, "namespace", None) == "intelligence" for pattern in site):
    urlpatterns.append(path("intelligence/", include("zhaoshang.intelligence.urls")))
