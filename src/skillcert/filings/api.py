from ninja import Router

from .evaluation.api import router as evaluation_router
from .receipt.api import router as receipt_router

router = Router(tags=["filings"])
router.add_router("", evaluation_router)
router.add_router("", receipt_router)
