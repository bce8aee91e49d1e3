"""The project's URLs with the targets pages, whether or not the root urlconf includes them yet."""

from django.urls import include, path

from config.urls import urlpatterns as root

urlpatterns = list(root)
if not any(getattr(pattern, "namespace", None) == "targets" for pattern in root):
    urlpatterns.append(path("targets/", include("zhaoshang.targets.urls")))
