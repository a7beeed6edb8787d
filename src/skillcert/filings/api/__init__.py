"""API of filing (INST-01, INST-02): registration, the applicant's draft, scope, attachments,
commitment and submission; the authority's queue, detail and decisions. Thin: the services
check the rules, institutions' guard resolves the institution (404 outsiders, 403 readers)."""

from ninja import Router

from ..changes.api import router as changes_router
from ..evaluation.api import router as evaluation_router
from ..receipt.api import router as receipt_router
from .applicant import router as applicant_router
from .authority import router as authority_router

router = Router(tags=["备案 filings"])
router.add_router("", applicant_router)
router.add_router("", authority_router)
router.add_router("", evaluation_router)
router.add_router("", receipt_router)
router.add_router("", changes_router)  # INST-08
