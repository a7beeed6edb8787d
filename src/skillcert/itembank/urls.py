from django.urls import path

from .views import blueprints, items, papers

P = "i/<int:iid>/itembank/"
urlpatterns = [
    path(P, items.bank, name="itembank"),
    path(P + "items/new/", items.item_new, name="itembank_item_new"),
    path(P + "items/<int:item_id>/", items.item_edit, name="itembank_item"),
    path(P + "items/<int:item_id>/status/", items.item_status, name="itembank_item_status"),
    path(P + "import/", items.item_import_page, name="itembank_import"),
    path(P + "template.xlsx", items.item_template, name="itembank_template"),
    path(P + "export.xlsx", items.item_export, name="itembank_export"),
    path(P + "blueprints/", blueprints.blueprints, name="itembank_blueprints"),
    path(P + "blueprints/<int:bid>/", blueprints.blueprint_page, name="itembank_blueprint"),
    path(P + "sets/<int:sid>/", blueprints.paper_set_page, name="itembank_paper_set"),
    path(P + "papers/<int:pid>/", papers.paper_page, name="itembank_paper"),
    path(P + "papers/<int:pid>/<str:kind>.pdf", papers.paper_pdf, name="itembank_paper_pdf"),
    path(
        P + "papers/<int:pid>/key-holder/",
        papers.paper_key_holder,
        name="itembank_paper_key_holder",
    ),
    path(P + "papers/<int:pid>/unlock/", papers.paper_unlock, name="itembank_paper_unlock"),
    path(P + "unlocks/<int:uid>/<str:action>/", papers.unlock_decide, name="itembank_unlock"),
    path(
        P + "handovers/<int:hid>/<str:action>/",
        papers.handover_decide,
        name="itembank_handover",
    ),
]
