"""Scoring and signing (SCORE-03): points entered in versions, each version signed by every
member with their own password before it becomes valid."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from skillcert.core.audit import audit_record_many
from skillcert.core.errors import DomainError
from skillcert.people.models import Person
from skillcert.people.selectors import person_of
from skillcert.plans.models import Registration
from skillcert.scoring.models import PRACTICAL, Appeal, ResultPublication
from skillcert.scoring.selectors import under_practical_appeal
from skillcert.scoring.services import subject_day

from ..models import (
    AssessmentModule,
    ItemScore,
    Panel,
    ScoreVersion,
    Signature,
    WorkNumber,
)
from ..selectors import content_digest, total_of, version_total
from .base import _absent_ids, _decimal, _draft, _locked_panel, _member_ids, _signer


@dataclass(frozen=True)
class ScoreEntry:
    """One member's points for one item of one candidate, who is known by work number."""

    work_number: str
    item_id: int
    points: Decimal | str | None


def _as_member(actor, panel: Panel) -> Person:
    person = person_of(actor, panel.institution)
    if person is None or not panel.members.filter(person=person).exists():
        raise DomainError("not_member", "只有本考评组的考评员可以录入和签名成绩", rule="SCORE-03")
    return person


def _not_before_practical(panel: Panel) -> None:
    """Issue 16 item 24: nothing is scored before it happened (the practical's day)."""
    day = subject_day(panel.sitting, PRACTICAL)
    if day is None or timezone.localdate() < day:
        shown = f"{day:%Y-%m-%d}" if day else "尚未确定"
        raise DomainError(
            "panel_before_exam", f"技能考核日期为{shown}，考核前不能评分", field="scores"
        )


def _reopened_after_publication(panel: Panel) -> set[int] | None:
    """Issue 16 item 25 (SCORE-05/06): None before publication; after it, the registrations
    whose practical appeal is pending, the only ones the panel may re-score."""
    if not ResultPublication.objects.filter(sitting_id=panel.sitting_id).exists():
        return None
    return set(
        Appeal.objects.filter(
            registration__sitting_id=panel.sitting_id, subject=PRACTICAL, status=Appeal.PENDING
        ).values_list("registration_id", flat=True)
    )


@transaction.atomic
def scores_enter(
    *, actor, panel: Panel, module: AssessmentModule, entries: list[ScoreEntry], reason: str = ""
) -> list[ScoreVersion]:
    """The acting member's points (all or nothing). Points of a version nobody signed are
    edited in place; a change to a version someone signed starts a new version that counts
    only when every member signs it (SCORE-03). Changing a valid score needs a reason."""
    panel = _locked_panel(panel)
    person = _as_member(actor, panel)
    if module.panel_id != panel.pk:
        raise DomainError("module_foreign", "该考核模块不属于本考评组")
    reason = (reason or "").strip()
    if len(reason) > 200:
        raise DomainError("reason_length", "修改理由不超过200字", field="reason")
    _not_before_practical(panel)
    reopened = _reopened_after_publication(panel)
    items = {i.pk: i for i in module.items.all()}
    works = {
        w.number: w
        for w in WorkNumber.objects.filter(
            sitting_id=panel.sitting_id, registration__status=Registration.APPROVED
        )
    }
    absent = _absent_ids(panel)
    wanted: dict[int, dict[int, Decimal]] = {}
    for e in entries:
        work = works.get(str(e.work_number).strip())
        if work is None:
            raise DomainError(
                "work_number", f"作品号{str(e.work_number)[:10]}不是本批次的考生", field="scores"
            )
        if reopened is not None and work.registration_id not in reopened:
            raise DomainError(
                "panel_published",
                f"本批次成绩已公示，作品号{work.number}的成绩只能通过成绩复核（SCORE-05）更正",
                field="scores",
                rule="SCORE-06",
            )
        if work.registration_id in absent:
            raise DomainError(
                "work_absent",
                f"作品号{work.number}已登记缺考，无需评分",
                field="scores",
                rule="SCORE-01",
            )
        item = items.get(e.item_id)
        if item is None:
            raise DomainError("item_foreign", "评分项不属于本考核模块", field="scores")
        what = f"作品号{work.number}“{item.description}”的得分"
        points = _decimal(e.points, field="scores", what=what)
        if points < 0 or points > item.max_points:
            raise DomainError(
                "points_range",
                f"{what}{points}超出范围：应在0到{item.max_points}分之间",
                field="scores",
                rule="SCORE-03",
            )
        wanted.setdefault(work.registration_id, {})[item.pk] = points

    member_ids = _member_ids(panel)
    item_ids = set(items)
    certified = set(
        Registration.objects.filter(pk__in=wanted, certificate__isnull=False).values_list(
            "pk", flat=True
        )
    ) - under_practical_appeal(wanted)  # SCORE-05: the panel re-scores an appealed one
    history: dict[int, list[ScoreVersion]] = {}
    for v in (
        ScoreVersion.objects.filter(module=module, registration_id__in=wanted)
        .prefetch_related("scores", "signatures")
        .order_by("number")
    ):
        history.setdefault(v.registration_id, []).append(v)
    user = actor if getattr(actor, "is_authenticated", False) else None
    plans = []  # (version to save or None, base version, changes, action, before)
    for reg_id, points_by_item in wanted.items():
        versions = history.get(reg_id, [])
        latest = versions[-1] if versions else None
        mine = (
            {s.item_id: s for s in latest.scores.all() if s.member_id == person.pk}
            if latest
            else {}
        )
        changes = {i: p for i, p in points_by_item.items() if i not in mine or mine[i].points != p}
        if not changes:
            continue
        before = {str(i): str(mine[i].points) for i in changes if i in mine}
        had_valid = any(v.valid_at for v in versions)
        if latest is not None and latest.signatures.all():
            # SCORE-03: a change to what anyone signed is a new version for everyone to sign.
            work = _work_of(works, reg_id)
            if had_valid and not reason:
                raise DomainError(
                    "reason_required",
                    f"作品号{work}的成绩已生效，修改须填写修改理由",
                    field="reason",
                    rule="SCORE-03",
                )
            if reg_id in certified:
                raise DomainError(
                    "score_certified", f"作品号{work}已核发证书，成绩不能再修改", rule="CERT-06"
                )
            new = ScoreVersion(number=latest.number + 1, reason=reason)
            plans.append((new, latest, changes, "panel.score_change", before))
        elif latest is None:
            plans.append((ScoreVersion(number=1), None, changes, "panel.score_enter", before))
        else:
            if had_valid and reason and not latest.reason:
                latest.reason = reason
            action = "panel.score_change" if had_valid else "panel.score_enter"
            plans.append((latest, latest, changes, action, before))
        plans[-1][0].registration_id = reg_id

    fresh = [v for v, base, *_ in plans if v.pk is None]
    for v in fresh:
        v.institution_id, v.panel, v.module, v.created_by = (
            panel.institution_id,
            panel,
            module,
            user,
        )
    ScoreVersion.objects.bulk_create(fresh)
    if any(v.pk is None for v in fresh):  # a backend without RETURNING: read the keys back
        keys = {
            (v.registration_id, v.number): v.pk
            for v in ScoreVersion.objects.filter(module=module, registration_id__in=wanted)
        }
        for v in fresh:
            v.pk = v.id = keys[(v.registration_id, v.number)]
    creates, updates, touched, drafts = [], [], [], []
    for version, base, changes, action, before in plans:
        rows = {}
        if base is not None:
            rows = {(sc.member_id, sc.item_id): sc for sc in base.scores.all()}
        if base is not version:  # a new version: copy the base, then apply the changes
            content = {k: sc.points for k, sc in rows.items()}
            content.update({(person.pk, i): p for i, p in changes.items()})
            creates += [
                ItemScore(version_id=version.pk, member_id=m, item_id=i, points=p)
                for (m, i), p in content.items()
            ]
        else:
            content = {k: sc.points for k, sc in rows.items()}
            for i, p in changes.items():
                content[(person.pk, i)] = p
                existing = rows.get((person.pk, i))
                if existing is None:
                    creates.append(
                        ItemScore(version_id=version.pk, member_id=person.pk, item_id=i, points=p)
                    )
                else:
                    existing.points = p
                    updates.append(existing)
        version.total = total_of([(m, i, p) for (m, i), p in content.items()], member_ids, item_ids)
        touched.append(version)
        drafts.append(
            _draft(
                panel,
                version,
                action,
                before=before or None,
                after={
                    "member": person.pk,
                    "version": version.number,
                    "points": {str(i): str(p) for i, p in changes.items()},
                    "reason": version.reason,
                },
            )
        )
    ItemScore.objects.bulk_create(creates, batch_size=1000)
    ItemScore.objects.bulk_update(updates, ["points"], batch_size=1000)
    ScoreVersion.objects.bulk_update(touched, ["total", "reason"], batch_size=1000)
    audit_record_many(actor=actor, drafts=drafts)
    return touched


def _work_of(works: dict[str, WorkNumber], reg_id: int) -> str:
    return next((n for n, w in works.items() if w.registration_id == reg_id), "?")  # errors only


@transaction.atomic
def versions_sign(
    *,
    actor,
    panel: Panel,
    module: AssessmentModule,
    password: str,
    work_numbers: list[str] | None = None,
) -> list[ScoreVersion]:
    """The acting member signs every complete, not yet valid latest version of the module
    (or of the given work numbers) that they have not signed. A version whose last missing
    signature this is becomes valid (SCORE-03)."""
    person = _signer(actor, password, panel)
    panel = _locked_panel(panel)
    if not panel.members.filter(person=person).exists():
        raise DomainError("not_member", "只有本考评组的考评员可以签名确认成绩", rule="SCORE-03")
    if module.panel_id != panel.pk:
        raise DomainError("module_foreign", "该考核模块不属于本考评组")
    member_ids = _member_ids(panel)
    item_ids = set(module.items.values_list("pk", flat=True))
    latest_numbers = (
        ScoreVersion.objects.filter(module=module)
        .values("registration_id")
        .annotate(top=Max("number"))
    )
    tops = {r["registration_id"]: r["top"] for r in latest_numbers}
    versions = (
        ScoreVersion.objects.filter(module=module, valid_at__isnull=True)
        .exclude(registration_id__in=_absent_ids(panel))  # nobody signs for an absent candidate
        .prefetch_related("scores", "signatures")
    )
    if work_numbers is not None:
        versions = versions.filter(
            registration__work_number__number__in=[str(w)[:10] for w in work_numbers]
        )
    previous = {}
    for v in ScoreVersion.objects.filter(module=module, valid_at__isnull=False).order_by("number"):
        previous[v.registration_id] = v  # the last valid version of each candidate
    signed, drafts, now = [], [], timezone.now()
    signatures, became_valid = [], []
    for version in versions.order_by("registration_id"):
        if tops.get(version.registration_id) != version.number:
            continue  # superseded before it was fully signed: never valid
        signers = {sg.member_id for sg in version.signatures.all()}
        if person.pk in signers:
            continue
        total = version_total(version, member_ids, item_ids)
        if total is None:
            continue  # SCORE-03: sign only a complete score
        digest = content_digest(version)
        signatures.append(
            Signature(version=version, member=person, signed_by=actor, content=digest)
        )
        drafts.append(
            _draft(
                panel,
                version,
                "panel.sign",
                after={"member": person.pk, "version": version.number, "content": digest},
            )
        )
        if len((signers | {person.pk}) & member_ids) == len(member_ids):
            old = previous.get(version.registration_id)
            version.valid_at, version.total = now, total
            became_valid.append(version)
            drafts.append(
                _draft(
                    panel,
                    version,
                    "panel.score_valid",
                    before={"version": old.number, "total": old.total} if old else None,
                    after={"version": version.number, "total": total, "signed": len(member_ids)},
                )
            )
        signed.append(version)
    Signature.objects.bulk_create(signatures, batch_size=1000)
    ScoreVersion.objects.bulk_update(became_valid, ["valid_at", "total"], batch_size=1000)
    if not signed:
        raise DomainError(
            "nothing_to_sign",
            "没有待您签名的完整成绩：全体考评员录完所有评分项后才能签名",
            rule="SCORE-03",
        )
    audit_record_many(actor=actor, drafts=drafts)
    return signed
