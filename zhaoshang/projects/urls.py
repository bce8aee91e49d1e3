from django.urls import path

from zhaoshang.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("board/", views.project_board, name="board"),
    path("new/", views.project_create, name="create"),
    path("export/", views.project_export, name="export"),
    path("import/", views.project_import, name="import"),
    path("import/template/", views.project_template, name="template"),
    path("interactions/", views.interaction_list, name="interactions"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/advance/", views.project_advance, name="advance"),
    path("<int:pk>/status/", views.project_status, name="status"),
    path("<int:pk>/correct/", views.project_correct, name="correct"),
    path("<int:pk>/events/<int:event_pk>/date/", views.event_change_date, name="event_date"),
    path("<int:pk>/interactions/new/", views.interaction_create, name="interaction_create"),
]
