from django.urls import path

from zhaoshang.workdays import views

app_name = "workdays"
urlpatterns = [
    path("", views.calendar_index, name="index"),
    path("<int:year>/", views.calendar_year, name="year"),
    path("<int:year>/holidays/", views.holiday_add, name="holiday_add"),
    path("<int:year>/days/<int:pk>/delete/", views.day_delete, name="day_delete"),
    path("<int:year>/complete/", views.year_complete, name="complete"),
    path("<int:year>/reopen/", views.year_reopen, name="reopen"),
]
