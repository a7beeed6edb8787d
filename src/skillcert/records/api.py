from ninja import Router

from .complaints.api import router as complaints
from .incidents.api import router as incidents
from .supervision_report.api import router as supervision_report
from .video.api import router as video

router = Router(tags=["records"])
router.add_router("", incidents)
router.add_router("", video)
router.add_router("", complaints)
router.add_router("", supervision_report)
