"""API of reports (REC-08, CERT-08): the same figures and documents as the pages."""

from ninja import Router

from .api_dashboard import router as dashboard_router
from .api_documents import router as documents_router
from .feed.api import router as feed_router

router = Router(tags=["统计报告 reports"])
router.add_router("/", dashboard_router)  # the authority's dashboard
router.add_router("", documents_router)  # the institution's documents sent upward
router.add_router("", feed_router)  # the certificate data feed (CERT-08, VIOL-05)
