from django.urls import path

from zhaoshang.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.scorecard_list, name="list"),
    path("new/", views.scorecard_create, name="create"),
    path("<int:pk>/", views.scorecard_detail, name="detail"),
    path("<int:pk>/edit/", views.scorecard_edit, name="edit"),
    path("<int:pk>/delete/", views.scorecard_delete, name="delete"),
    path("<int:pk>/export/", views.ranking_export, name="export"),
    path("<int:pk>/indicators/new/", views.indicator_edit, name="indicator_create"),
    path("<int:pk>/indicators/<int:indicator_pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("<int:pk>/indicators/<int:indicator_pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("<int:pk>/targets/", views.targets_edit, name="targets"),
    path("<int:pk>/targets/import/", views.targets_import, name="targets_import"),
    path("<int:pk>/targets/template/", views.targets_template, name="targets_template"),
    path("<int:pk>/adjustments/new/", views.adjustment_create, name="adjustment_create"),
    path("<int:pk>/adjustments/<int:adjustment_pk>/delete/", views.adjustment_delete, name="adjustment_delete"),
]
