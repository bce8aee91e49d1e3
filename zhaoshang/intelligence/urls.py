from django.urls import path

from zhaoshang.intelligence import views

app_name = "intelligence"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("paste/", views.paste, name="paste"),
    path("upload/", views.upload, name="upload"),
    path("batches/<int:pk>/", views.batch, name="batch"),
    path("market/", views.market, name="market"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("projects/<int:pk>/accept/", views.record_accept, name="accept"),
    path("projects/<int:pk>/merge/", views.record_merge, name="merge"),
    path("projects/<int:pk>/reject/", views.record_reject, name="reject"),
    path("figures/<int:pk>/reject/", views.figure_reject, name="figure_reject"),
]
