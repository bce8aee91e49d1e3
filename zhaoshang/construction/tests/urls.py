"""The project's URLs plus construction and the calendar, for tests run before config/urls.py includes them."""

from django.urls import include, path

from config.urls import urlpatterns as root

mounted = {getattr(pattern, "namespace", None) for pattern in root}
urlpatterns = list(root)
if "construction" not in mounted:
    urlpatterns.append(path("construction/", include("zhaoshang.construction.urls")))
if "workdays" not in mounted:
    urlpatterns.append(path("calendar/", include("zhaoshang.workdays.urls")))
