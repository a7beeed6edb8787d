"""Builders of the supervision tests, the API world and the demo."""

from skillcert.institutions.selectors import authority_of
from skillcert.supervision import services
from tests import factories as f


def authority_with_inspectors(n: int = 4, region: str = "410000"):
    user = f.authority_user(region)
    authority = authority_of(user)
    for k in range(n):
        services.inspector_add(
            actor=user, authority=authority, name=f"检查员{k + 1}", unit="省鉴定中心"
        )
    return user, authority


def supervision_world(institution) -> dict:
    """Ids of the API world (tests/api_world.py): a draw of `institution`'s authority."""
    user, authority = authority_with_inspectors(1)
    draw = services.draw_make(
        actor=user, authority=authority, title="抽查", institution_count=1, inspector_count=1
    )
    return {"draws": draw.pk, "targets": draw.targets.get().pk, "annual": 2026}
