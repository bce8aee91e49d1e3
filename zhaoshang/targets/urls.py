from django.urls import path

from zhaoshang.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("import/", views.plan_import, name="import"),
    path("import/template/", views.plan_template, name="template"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/delete/", views.plan_delete, name="delete"),
    path("<int:pk>/export/", views.plan_export, name="export"),
    path("<int:pk>/fdi/", views.fdi_create, name="fdi_create"),
    path("<int:pk>/targets/new/", views.target_create, name="target_create"),
    path("<int:pk>/targets/<int:target_pk>/edit/", views.target_edit, name="target_edit"),
    path("<int:pk>/targets/<int:target_pk>/delete/", views.target_delete, name="target_delete"),
    path("<int:pk>/targets/<int:target_pk>/<str:period>/", views.drill_down, name="drill"),
]
