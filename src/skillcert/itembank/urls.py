from django.urls import path

from . import views

P = "i/<int:iid>/itembank/"
urlpatterns = [
    path(P, views.bank, name="itembank"),
    path(P + "items/new/", views.item_new, name="itembank_item_new"),
    path(P + "items/<int:item_id>/", views.item_edit, name="itembank_item"),
    path(P + "items/<int:item_id>/status/", views.item_status, name="itembank_item_status"),
    path(P + "import/", views.item_import_page, name="itembank_import"),
    path(P + "template.xlsx", views.item_template, name="itembank_template"),
    path(P + "export.xlsx", views.item_export, name="itembank_export"),
    path(P + "blueprints/", views.blueprints, name="itembank_blueprints"),
    path(P + "blueprints/<int:bid>/", views.blueprint_page, name="itembank_blueprint"),
    path(P + "sets/<int:sid>/", views.paper_set_page, name="itembank_paper_set"),
    path(P + "papers/<int:pid>/", views.paper_page, name="itembank_paper"),
    path(P + "papers/<int:pid>/<str:kind>.pdf", views.paper_pdf, name="itembank_paper_pdf"),
    path(
        P + "papers/<int:pid>/key-holder/",
        views.paper_key_holder,
        name="itembank_paper_key_holder",
    ),
    path(P + "papers/<int:pid>/unlock/", views.paper_unlock, name="itembank_paper_unlock"),
    path(P + "unlocks/<int:uid>/<str:action>/", views.unlock_decide, name="itembank_unlock"),
    path(
        P + "handovers/<int:hid>/<str:action>/",
        views.handover_decide,
        name="itembank_handover",
    ),
]
