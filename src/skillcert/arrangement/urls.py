from django.urls import path

from . import views
from .implementation import views as implementation_views
from .ratings import views as ratings_views
from .staffing import views as staffing_views

urlpatterns = [
    path("me/registrations/<int:rid>/ticket.pdf", views.my_ticket_pdf, name="my_ticket_pdf"),
    path("i/<int:iid>/venues/", views.venue_list, name="venue_list"),
    path("i/<int:iid>/venues/<int:vid>/", views.venue_detail, name="venue_detail"),
    path("i/<int:iid>/venues/<int:vid>/edit/", views.venue_edit, name="venue_edit"),
    path("i/<int:iid>/venues/<int:vid>/delete/", views.venue_delete, name="venue_delete"),
    path("i/<int:iid>/venues/<int:vid>/rooms/new/", views.room_new, name="room_new"),
    path("i/<int:iid>/venues/rooms/<int:rid>/", views.room_edit, name="room_edit"),
    path("i/<int:iid>/venues/rooms/<int:rid>/delete/", views.room_delete, name="room_delete"),
    path("i/<int:iid>/sittings/<int:sid>/seating/", views.seating_page, name="seating"),
    path(
        "i/<int:iid>/sittings/<int:sid>/seating/tickets.pdf",
        views.tickets_pdf,
        name="seating_tickets",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/seating/<str:kind>.pdf",
        views.list_pdf,
        name="seating_list_pdf",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/seating/<str:kind>.xlsx",
        views.list_xlsx,
        name="seating_list_xlsx",
    ),
    # Staffing of a sitting (ARR-03..09).
    path("i/<int:iid>/sittings/<int:sid>/staffing/", staffing_views.staffing_page, name="staffing"),
    path(
        "i/<int:iid>/sittings/<int:sid>/staffing/<int:aid>/",
        staffing_views.staffing_change,
        name="staffing_change",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/staffing/mine/",
        staffing_views.staffing_mine,
        name="staffing_mine",
    ),
    # PEOPLE-11: the 考评人员认定表 of the sitting's examiners.
    path(
        "i/<int:iid>/sittings/<int:sid>/staffing/ratings/",
        ratings_views.ratings_page,
        name="staffing_ratings",
    ),
    # The implementation plan (INST-13), re-check (PLAN-11), levels 2 and 1 (INST-16).
    path(
        "i/<int:iid>/sittings/<int:sid>/implementation/",
        implementation_views.plan_page,
        name="implementation_plan",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/implementation/submit/",
        implementation_views.plan_submit,
        name="implementation_plan_submit",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/implementation/plan.pdf",
        implementation_views.plan_pdf,
        name="implementation_plan_pdf",
    ),
    path(
        "i/<int:iid>/sittings/<int:sid>/implementation/level/",
        implementation_views.level_request,
        name="implementation_level_request",
    ),
    path(
        "authority/implementation-plans/<int:pid>/",
        implementation_views.authority_plan,
        name="authority_plan",
    ),
    path(
        "authority/implementation-plans/<int:pid>/recheck/",
        implementation_views.authority_recheck,
        name="authority_recheck",
    ),
    path(
        "authority/implementation-plans/<int:pid>/plan.pdf",
        implementation_views.authority_plan_pdf,
        name="authority_plan_pdf",
    ),
    path(
        "authority/level-approvals/<int:lid>/",
        implementation_views.authority_level,
        name="authority_level",
    ),
]
