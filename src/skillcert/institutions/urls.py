from django.urls import path

from . import views_public

# The institution's home page, `/i/<iid>/` (`institution_home`), is in reports (issue 13).
urlpatterns = [
    path("directory/", views_public.directory_page, name="directory"),
]
