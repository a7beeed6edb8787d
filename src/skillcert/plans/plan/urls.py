from django.urls import path

from . import views as v

urlpatterns = [
    path("i/<int:iid>/plans/", v.plans_page, name="plans"),
    path("i/<int:iid>/plans/<int:pid>/", v.plan_detail, name="plan_detail"),
    path("i/<int:iid>/plans/<int:pid>/items/", v.plan_item_new, name="plan_item_add"),
    path("i/<int:iid>/plans/<int:pid>/link/", v.plan_link, name="plan_link"),
    path(
        "i/<int:iid>/sittings/<int:sid>/announcement/",
        v.announcement_edit,
        name="announcement_edit",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/announcement/publish/",
        v.announcement_publish_view,
        name="announcement_publish",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/announcement/late/",
        v.announcement_late_request_view,
        name="announcement_late_request",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/announcement/late/<int:lid>/decide/",
        v.announcement_late_decide_view,
        name="announcement_late_decide",
    ),
    path("i/<int:iid>/sittings/<int:sid>/changes/", v.sitting_changes, name="sitting_changes"),
    path(
        "i/<int:iid>/sittings/<int:sid>/changes/<int:cid>/decide/",
        v.sitting_change_decide_view,
        name="sitting_change_decide",
    ),
    path("announcements/", v.announcements_public, name="announcements"),
    path("announcements/<int:aid>/", v.announcement_public, name="announcement_public"),
]
