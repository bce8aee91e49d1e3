from django.urls import path

from zhaoshang.construction import views

app_name = "construction"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("export/", views.overview_export, name="export"),
    path("supervision/", views.supervision_list, name="supervision"),
    path("supervision/scan/", views.supervision_scan_now, name="supervision_scan"),
    path("supervision/<int:pk>/resolve/", views.supervision_resolve, name="supervision_resolve"),
    path("settings/", views.zone_settings, name="settings"),
    path("projects/<int:pk>/panel/", views.project_panel, name="panel"),
    path("projects/<int:pk>/plans/<int:year>/", views.plan_edit, name="plan_edit"),
    path("projects/<int:pk>/plans/<int:year>/entries/", views.entry_edit, name="entry_edit"),
    path("projects/<int:pk>/nodes/new/", views.node_edit, name="node_create"),
    path("projects/<int:pk>/nodes/<int:node_pk>/", views.node_edit, name="node_edit"),
    path("projects/<int:pk>/nodes/<int:node_pk>/delete/", views.node_delete, name="node_delete"),
]
