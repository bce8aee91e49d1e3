from django.urls import path

from zhaoshang.organisation import views

app_name = "organisation"
urlpatterns = [
    path("", views.organisation, name="home"),
    path("<int:zone_pk>/", views.organisation, name="zone"),
    path("<int:zone_pk>/departments/new/", views.department_edit, name="department_create"),
    path("<int:zone_pk>/departments/<int:pk>/edit/", views.department_edit, name="department_edit"),
    path("<int:zone_pk>/teams/new/", views.team_edit, name="team_create"),
    path("<int:zone_pk>/teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("<int:zone_pk>/teams/<int:pk>/members/new/", views.member_add, name="member_add"),
    path("<int:zone_pk>/teams/<int:pk>/quota/", views.quota_edit, name="quota_edit"),
    path("<int:zone_pk>/members/<int:pk>/delete/", views.member_remove, name="member_remove"),
    path("<int:zone_pk>/users/new/", views.user_create, name="user_create"),
    path("<int:zone_pk>/users/<int:pk>/toggle/", views.user_toggle, name="user_toggle"),
]
