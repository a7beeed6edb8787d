"""The records an institution keeps: room records, incidents, video, complaints, archives (REC)."""

from ninja import Router

from .archives.api import router as archives_router
from .complaints.api import router as complaints
from .equipment.api import router as equipment_router
from .handover.api import router as handover_router
from .incidents.api import router as incidents
from .papers.api import router as papers
from .room.api import router as room
from .supervision_report.api import router as supervision_report
from .video.api import router as video

router = Router(tags=["records"])
router.add_router("", incidents)
router.add_router("", video)
router.add_router("", complaints)
router.add_router("", supervision_report)
router.add_router("/", equipment_router)
router.add_router("/", handover_router)
router.add_router("/", archives_router)
router.add_router("", room)
router.add_router("", papers)
