from django.urls import path

from zhaoshang.enterprises import views

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("new/", views.enterprise_create, name="create"),
    path("export/", views.enterprise_export, name="export"),
    path("import/", views.enterprise_import, name="import"),
    path("import/template/", views.enterprise_template, name="template"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="edit"),
    path("<int:pk>/contacts/", views.contact_add, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_pk>/delete/", views.contact_remove, name="contact_remove"),
    path("<int:pk>/interactions/new/", views.enterprise_interaction_create, name="interaction_create"),
]
