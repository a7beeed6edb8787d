from django.urls import path

from . import views

urlpatterns = [
    path("i/<int:iid>/certificate-feeds/", views.feed_page, name="certificate_feeds"),
    path("i/<int:iid>/certificate-feeds/new/", views.feed_create, name="certificate_feed_create"),
    path("i/<int:iid>/certificate-feeds/<int:fid>/", views.feed_detail, name="certificate_feed"),
    path(
        "i/<int:iid>/certificate-feeds/<int:fid>/download/",
        views.feed_download,
        name="certificate_feed_download",
    ),
    path(
        "i/<int:iid>/certificate-feeds/<int:fid>/send/",
        views.feed_send,
        name="certificate_feed_send",
    ),
]
