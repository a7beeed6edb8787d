"""The records an institution keeps: room records, incidents, video, complaints, archives (REC)."""

from ninja import Router

from .archives.api import router as archives_router
from .equipment.api import router as equipment_router
from .handover.api import router as handover_router

router = Router(tags=["records"])
router.add_router("/", equipment_router)
router.add_router("/", handover_router)
router.add_router("/", archives_router)
