"""API of reports (REC-08, CERT-08): the same figures and documents as the pages."""

from ninja import Router

router = Router(tags=["统计报告 reports"])

# --- institution documents sent upward (issue 13, docs part) ---------------------------------
from .api_documents import router as documents_router  # noqa: E402

router.add_router("", documents_router)

# --- the authority's statistics dashboard (issue 13, dash part) ---------------------------
from .api_dashboard import router as dashboard_router  # noqa: E402

router.add_router("/", dashboard_router)
