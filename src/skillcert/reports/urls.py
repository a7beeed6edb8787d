"""Pages of reports (REC-08, CERT-08): the institution's documents and home page, the
authority's dashboard."""

urlpatterns: list = []
