"""API of reports (REC-08, CERT-08): the same figures and documents as the pages."""

from ninja import Router

from .feed.api import router as feed_router

router = Router(tags=["统计报告 reports"])

# --- home helper: the certificate data feed (CERT-08, VIOL-05) ---
router.add_router("", feed_router)
# --- end home helper ---
