"""JSON API of people, one router (mounted once in skillcert.api) with a module a context:
the examiner register with evaluation and renewal, recusal relations, logins and claim
codes."""

from ninja import Router

from .examiners import router as examiners_router
from .logins import router as logins_router
from .recusal import router as recusal_router

router = Router(tags=["人员 people"])
router.add_router("", examiners_router)
router.add_router("", recusal_router)
router.add_router("", logins_router)
