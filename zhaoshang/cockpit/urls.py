from django.urls import path

from zhaoshang.cockpit import views

app_name = "cockpit"
urlpatterns = [
    path("", views.cockpit, name="home"),
    path("division/", views.division_cockpit, name="division"),
    path("zone/<int:pk>/", views.zone_cockpit, name="zone"),
]
