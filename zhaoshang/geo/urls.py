from django.urls import path

from zhaoshang.geo import views

app_name = "geo"
urlpatterns = [path("divisions/children/", views.children, name="children")]
