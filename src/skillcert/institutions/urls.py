from django.urls import path

from . import views, views_public

urlpatterns = [
    path("directory/", views_public.directory_page, name="directory"),
    path("i/<int:iid>/", views.institution_home, name="institution_home"),
]
