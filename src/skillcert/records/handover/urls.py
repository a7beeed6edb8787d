from django.urls import path

from . import views

P = "i/<int:iid>/records/"

urlpatterns = [
    path(
        P + "issue-registers/<int:rid>/handover/",
        views.register_handover,
        name="records_handover",
    ),
    path(
        P + "issue-registers/<int:rid>/handover/pdf/",
        views.register_handover_pdf,
        name="records_handover_pdf",
    ),
    path(
        P + "certificates/<str:number>/void-notices/",
        views.void_notices,
        name="records_void_notices",
    ),
]
