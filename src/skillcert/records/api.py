"""JSON API of records, one router a part: room records (REC-10), paper records (EXAM-11/12)."""

from ninja import Router

from .papers.api import router as papers
from .room.api import router as room

router = Router(tags=["records"])
router.add_router("", room)
router.add_router("", papers)
