from django.urls import path

from . import views

urlpatterns = [
    path("directory/", views.directory_page, name="directory"),
    path("i/<int:iid>/", views.institution_home, name="institution_home"),
]
