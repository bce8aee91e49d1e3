from django.urls import path

from zhaoshang.evaluation import views_data, views_runs, views_schemes

app_name = "evaluation"
urlpatterns = [
    # Runs and results (views_runs)
    path("", views_runs.run_list, name="home"),
    path("runs/new/", views_runs.run_create, name="run_create"),
    path("runs/<int:pk>/", views_runs.run_detail, name="run"),
    path("runs/<int:pk>/results/", views_runs.result_list, name="results"),
    path("runs/<int:pk>/export/", views_runs.run_export, name="run_export"),
    path("runs/<int:pk>/publish/", views_runs.run_publish, name="run_publish"),
    path("runs/<int:pk>/delete/", views_runs.run_delete, name="run_delete"),
    path("runs/<int:pk>/compare/", views_runs.run_compare, name="run_compare"),
    path("runs/<int:pk>/idle/", views_runs.idle_land, name="idle_land"),
    path("results/<int:pk>/", views_runs.report_card, name="report_card"),
    # Schemes (views_schemes)
    path("schemes/", views_schemes.scheme_list, name="schemes"),
    path("schemes/new/", views_schemes.scheme_create, name="scheme_create"),
    path("schemes/<int:pk>/", views_schemes.scheme_detail, name="scheme"),
    path("schemes/<int:pk>/edit/", views_schemes.scheme_edit, name="scheme_edit"),
    path("schemes/<int:pk>/delete/", views_schemes.scheme_delete, name="scheme_delete"),
    # Yearly data and parcels (views_data)
    path("data/", views_data.data_list, name="data"),
    path("data/import/", views_data.data_import, name="data_import"),
    path("data/template/", views_data.data_template, name="data_template"),
    path("data/export/", views_data.data_export, name="data_export"),
    path("parcels/", views_data.parcel_list, name="parcels"),
    path("parcels/import/", views_data.parcel_import, name="parcel_import"),
    path("parcels/template/", views_data.parcel_template, name="parcel_template"),
]
