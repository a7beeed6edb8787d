"""Writes of practical scoring by panels (SCORE-03, EXAM-09, ARR-05, PEOPLE-03/04).

Every write is audited (REC-09): panel set-up, modules, work numbers (count only: the
mapping itself is the secret of EXAM-09), points entered or changed, signatures, a version
becoming valid, the checker's tally, the leader's summary, the lock, and the practical
scores written to scoring.Result through `results_set` (which audits them again).

Signing: a member signs with their own login and password (`user.check_password`); a
signature covers the version's content digest. Points of a version nobody signed yet can be
edited; once anyone signed it, a change is a new version that again needs everyone. After
the summary the panel is locked: names are shown (EXAM-09) and a change still follows the
same path (new version, every member signs, the checker re-checks, the leader re-signs);
only then does Result change.

Wrong signing passwords are counted per user in the cache, like the candidates' sign-in
(skillcert.core.lockout): after `sign_password_failures` within `sign_lock_minutes` the user
cannot sign anything for `sign_lock_minutes`, even with the right password (SCORE-03).

Absence (缺考, SCORE-01): the leader or a manager records a work number as absent before the
summary, with its basis, and may undo it before the summary; nobody scores or signs for an
absent candidate, and the summary writes practical_absent to the result (never a typed 0).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from skillcert.arrangement.models import SittingStaffing, StaffAssignment
from skillcert.arrangement.staffing_build import sitting_day
from skillcert.core.audit import AuditDraft, audit_record, audit_record_many
from skillcert.core.errors import DomainError
from skillcert.core.lockout import FailureLock
from skillcert.core.rules import rules
from skillcert.institutions.selectors import can_manage
from skillcert.people.models import Person
from skillcert.people.selectors import examiners_valid_for
from skillcert.plans.models import Registration, Sitting
from skillcert.scoring.entry_rules import PANEL as PANEL_SOURCE
from skillcert.scoring.hooks import sanctioned_subjects
from skillcert.scoring.models import PRACTICAL, Appeal, Result, ResultPublication
from skillcert.scoring.selectors import under_practical_appeal
from skillcert.scoring.services import ScoreInput, carries_for, results_set, subject_day

from .models import (
    Absence,
    AssessmentModule,
    ItemScore,
    Panel,
    PanelMember,
    ScoreVersion,
    ScoringItem,
    Signature,
    SummarySignature,
    TallyCheck,
    WorkNumber,
)
from .selectors import content_digest, person_of, tally_totals, total_of, version_total

WORK_NUMBER_DIGITS = 6
MAX_ITEMS = 50
MAX_PASSWORD = 128


@dataclass(frozen=True)
class ScoreEntry:
    """One member's points for one item of one candidate, who is known by work number."""

    work_number: str
    item_id: int
    points: Decimal | str | None


def _label(obj) -> str:
    return obj._meta.label_lower


def _draft(panel: Panel, obj, action: str, before=None, after=None) -> AuditDraft:
    return AuditDraft(action, _label(obj), str(obj.pk), panel.institution_id, before, after)


def _decimal(raw, *, field: str, what: str) -> Decimal:
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise DomainError("number_missing", f"{what}未填写", field=field)
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise DomainError("number_format", f"{what}“{text[:20]}”不是数字", field=field) from None
    if not value.is_finite():
        raise DomainError("number_format", f"{what}“{text[:20]}”不是数字", field=field)
    if value != value.quantize(Decimal("0.1")):
        raise DomainError("number_precision", f"{what}{text}最多保留1位小数", field=field)
    return value


def _sign_lock() -> FailureLock:
    r = rules()
    return FailureLock("panel-sign", r.sign_password_failures, r.sign_lock_minutes)


def _sign_locked(lock: FailureLock, seconds: int) -> DomainError:
    minutes = max(1, -(-seconds // 60))
    until = timezone.localtime() + timedelta(seconds=seconds)
    return DomainError(
        "sign_locked",
        f"{lock.minutes}分钟内密码输错{lock.limit}次，签名已暂停：请{minutes}分钟后"
        f"（{until:%H:%M}以后）再试，或联系机构管理员",
        field="password",
        rule="SCORE-03",
    )


def _signer(actor, password: str, panel: Panel) -> Person:
    """SCORE-03: the signer is the logged-in user, proven again by their password. Wrong
    passwords lock the user's signing for a while (against guessing); a right one before
    the limit clears the count."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise DomainError("signer_login", "请先登录后再签名", rule="SCORE-03")
    lock, key = _sign_lock(), str(actor.pk)
    if seconds := lock.seconds_left(key):
        raise _sign_locked(lock, seconds)  # before the check: a right password does not help
    if not password:  # an empty field is no guess: not counted
        raise DomainError(
            "password_missing",
            "请输入您本人登录系统的密码后再签名",
            field="password",
            rule="SCORE-03",
        )
    if len(password) > MAX_PASSWORD or not actor.check_password(password):
        left = lock.fail(key)
        if not left:
            raise _sign_locked(lock, lock.seconds_left(key))
        raise DomainError(
            "password_wrong",
            "密码不正确，签名未完成：请输入您本人登录系统的密码"
            f"（再输错{left}次将暂停签名{lock.minutes}分钟）",
            field="password",
            rule="SCORE-03",
        )
    lock.clear(key)
    person = person_of(actor, panel.institution)
    if person is None:
        raise DomainError("signer_person", "您的账号未关联人员档案，不能签名", rule="SCORE-03")
    return person


def _locked_panel(panel: Panel) -> Panel:
    return Panel.objects.select_for_update().get(pk=panel.pk)


def _member_ids(panel: Panel) -> set[int]:
    return set(panel.members.values_list("person_id", flat=True))


def _absent_ids(panel: Panel) -> set[int]:
    return set(Absence.objects.filter(panel=panel).values_list("registration_id", flat=True))


# --- set-up ---------------------------------------------------------------------------------


@transaction.atomic
def work_numbers_assign(*, actor, sitting: Sitting) -> int:
    """Give every approved candidate without one a random 6-digit work number, unique in the
    sitting (EXAM-09). Returns how many were assigned; only the count is audited.
    A candidate who carries a practical passed within the year (SCORE-02) sits the theory
    only: no work number, so the panel neither scores them nor waits for them."""
    Sitting.objects.select_for_update().filter(pk=sitting.pk).first()
    taken = set(WorkNumber.objects.filter(sitting=sitting).values_list("number", flat=True))
    waiting = Registration.objects.filter(
        sitting=sitting, status=Registration.APPROVED, work_number__isnull=True
    ).select_related("sitting")
    carries = carries_for(waiting)
    regs = [r.pk for r in waiting if getattr(carries.get(r.pk), "subject", "") != PRACTICAL]
    rows = []
    low, span = 10 ** (WORK_NUMBER_DIGITS - 1), 9 * 10 ** (WORK_NUMBER_DIGITS - 1)
    for reg_id in regs:
        while True:
            number = str(low + secrets.randbelow(span))
            if number not in taken:
                break
        taken.add(number)
        rows.append(
            WorkNumber(
                institution_id=sitting.institution_id,
                sitting=sitting,
                registration_id=reg_id,
                number=number,
            )
        )
    WorkNumber.objects.bulk_create(rows, batch_size=1000)
    if rows:
        audit_record(
            actor=actor,
            action="panel.work_numbers",
            obj=sitting,
            after={"assigned": len(rows), "total": len(taken)},
        )
    return len(rows)


@transaction.atomic
def panel_create(*, actor, sitting: Sitting, checker: Person) -> Panel:
    """Set up the panel of the sitting's occupation from its staffing plan: its examiners
    (≥ 3, ARR-05; allowed the level and occupation, PEOPLE-03/04), the plan's leader (ARR-05)
    and a designated checker from the plan who is not the leader (SCORE-03)."""
    Sitting.objects.select_for_update().filter(pk=sitting.pk).first()
    if Panel.objects.filter(sitting=sitting, occupation_id=sitting.occupation_id).exists():
        raise DomainError("panel_exists", "本批次已设置考评组")
    plan = SittingStaffing.objects.filter(sitting=sitting).first()
    if plan is None:
        raise DomainError("no_staffing", "本批次尚未安排人员，请先生成人员安排", rule="ARR-05")
    staff = list(plan.assignments.select_related("person__user"))
    examiners = [
        a
        for a in staff
        if a.role == StaffAssignment.EXAMINER and a.occupation_id == sitting.occupation_id
    ]
    need = rules().examiners_per_sitting
    if len(examiners) < need:
        raise DomainError(
            "panel_size",
            f"人员安排中本职业考评员只有{len(examiners)}人，考评组至少需要{need}人",
            rule="ARR-05",
        )
    leaders = [a.person for a in examiners if a.leader]
    if len(leaders) != 1:
        raise DomainError("panel_leader", "人员安排中本考评组应有且只有一名考评组长", rule="ARR-05")
    allowed = {
        e.person_id
        for e in examiners_valid_for(
            sitting.institution,
            occupation=sitting.occupation,
            level=sitting.level,
            day=sitting_day(sitting),
        )
    }
    for a in examiners:
        if a.person_id not in allowed:
            raise DomainError(
                "panel_examiner",
                f"{a.person.name}不具备本职业（工种）{sitting.level}级的考评资格",
                rule="PEOPLE-03,PEOPLE-04",
            )
        if a.person.user_id is None:
            raise DomainError(
                "panel_login",
                f"考评员{a.person.name}没有登录账号，无法电子签名，"
                "请先在本页或人员名册中为其开通账号",
                rule="SCORE-03",
            )
    in_plan = {a.person_id for a in staff}
    if checker.pk not in in_plan:
        raise DomainError("checker_staff", "成绩核对人应是本批次人员安排中的人员", field="checker")
    if checker.pk == leaders[0].pk:
        raise DomainError(
            "checker_leader",
            "成绩核对人与考评组长不能是同一人（核对人校对、组长签署汇总）",
            field="checker",
            rule="SCORE-03",
        )
    if checker.user_id is None:
        raise DomainError(
            "checker_login", f"{checker.name}没有登录账号，无法签名核对", field="checker"
        )
    panel = Panel.objects.create(
        institution_id=sitting.institution_id,
        sitting=sitting,
        occupation_id=sitting.occupation_id,
        leader=leaders[0],
        checker=checker,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    PanelMember.objects.bulk_create([PanelMember(panel=panel, person=a.person) for a in examiners])
    audit_record(
        actor=actor,
        action="panel.create",
        obj=panel,
        after={
            "sitting": sitting.pk,
            "members": sorted(a.person_id for a in examiners),
            "leader": panel.leader_id,
            "checker": checker.pk,
        },
    )
    work_numbers_assign(actor=actor, sitting=sitting)
    return panel


def _scoring_started(panel: Panel) -> bool:
    return ScoreVersion.objects.filter(panel=panel).exists()


@transaction.atomic
def module_create(
    *, actor, panel: Panel, name: str, weight, items: list[tuple[str, object]]
) -> AssessmentModule:
    """A module with its scoring items; weights of all modules add up to at most 100."""
    panel = _locked_panel(panel)
    if _scoring_started(panel):
        raise DomainError("scoring_started", "评分已开始，不能再修改考核模块", rule="SCORE-03")
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise DomainError("module_name", "请填写模块名称（100字以内）", field="name")
    weight = _decimal(weight, field="weight", what="权重")
    full = rules().full_mark
    used = sum((m.weight for m in panel.modules.all()), start=Decimal(0))
    if weight <= 0 or used + weight > full:
        raise DomainError(
            "module_weight",
            f"权重应大于0，且各模块合计不超过{full}（已用{used}）",
            field="weight",
            rule="SCORE-01",
        )
    if not items:
        raise DomainError("module_items", "请至少填写一个评分项", field="items")
    if len(items) > MAX_ITEMS:
        raise DomainError("module_items", f"评分项最多{MAX_ITEMS}个", field="items")
    cleaned = []
    for n, (description, max_points) in enumerate(items, start=1):
        description = (description or "").strip()
        if not description or len(description) > 200:
            raise DomainError("item_text", f"第{n}个评分项：请填写内容（200字以内）", field="items")
        points = _decimal(max_points, field="items", what=f"第{n}个评分项的配分")
        if points <= 0 or points > full:
            raise DomainError(
                "item_points", f"第{n}个评分项的配分应大于0且不超过{full}", field="items"
            )
        cleaned.append((description, points))
    module = AssessmentModule.objects.create(
        institution_id=panel.institution_id,
        panel=panel,
        name=name,
        order=panel.modules.count() + 1,
        weight=weight,
    )
    ScoringItem.objects.bulk_create(
        [
            ScoringItem(module=module, order=n, description=d, max_points=p)
            for n, (d, p) in enumerate(cleaned, start=1)
        ]
    )
    audit_record(
        actor=actor,
        action="panel.module_create",
        obj=module,
        institution_id=panel.institution_id,
        after={"name": name, "weight": weight, "items": cleaned},
    )
    return module


@transaction.atomic
def module_delete(*, actor, module: AssessmentModule) -> None:
    panel = _locked_panel(module.panel)
    if _scoring_started(panel):
        raise DomainError("scoring_started", "评分已开始，不能再修改考核模块", rule="SCORE-03")
    before = {"name": module.name, "weight": module.weight}
    audit_record(actor=actor, action="panel.module_delete", obj=module, before=before)
    module.delete()


# --- scoring and signing (SCORE-03) ---------------------------------------------------------


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


@transaction.atomic
def tally_confirm(*, actor, panel: Panel, password: str) -> TallyCheck:
    """The designated checker confirms the tally of every candidate's practical score."""
    person = _signer(actor, password, panel)
    panel = _locked_panel(panel)
    if person.pk != panel.checker_id:
        raise DomainError("not_checker", "只有指定的成绩核对人可以核对成绩", rule="SCORE-03")
    by_work, _, _, digest = tally_totals(panel)
    tally = TallyCheck.objects.create(
        panel=panel, checker=person, signed_by=actor, totals=by_work, digest=digest
    )
    audit_record(
        actor=actor,
        action="panel.tally_check",
        obj=tally,
        institution_id=panel.institution_id,
        after={"totals": by_work, "digest": digest},
    )
    return tally


@transaction.atomic
def summary_sign(*, actor, panel: Panel, password: str) -> SummarySignature:
    """The leader signs the summary the checker confirmed; the panel locks (names shown to
    the panel, EXAM-09) and the practical scores go to scoring.Result (SCORE-03)."""
    person = _signer(actor, password, panel)
    panel = _locked_panel(panel)
    if person.pk != panel.leader_id:
        raise DomainError("not_leader", "只有考评组长可以签署成绩汇总表", rule="SCORE-03")
    by_work, by_reg, absent, digest = tally_totals(panel)
    tally = panel.tallies.first()
    if tally is None or tally.digest != digest:
        raise DomainError(
            "tally_stale",
            "成绩尚未核对，或核对后有变动：请成绩核对人核对后再签署汇总",
            rule="SCORE-03",
        )
    last = panel.summaries.first()
    if last is not None and last.digest == digest:
        raise DomainError("summary_done", "本汇总已签署，成绩没有变动", rule="SCORE-03")
    summary = SummarySignature.objects.create(
        panel=panel, tally=tally, leader=person, signed_by=actor, totals=by_work, digest=digest
    )
    drafts = [
        _draft(
            panel,
            summary,
            "panel.summary_sign",
            before={"digest": last.digest} if last else None,
            after={"totals": by_work, "digest": digest, "tally": tally.pk},
        )
    ]
    if panel.locked_at is None:
        panel.locked_at = timezone.now()
        panel.save(update_fields=["locked_at"])
        drafts.append(_draft(panel, panel, "panel.lock", after={"locked_at": panel.locked_at}))
    audit_record_many(actor=actor, drafts=drafts)
    # SCORE-01: an absent candidate is written as 缺考 (results_set scores it 0), no score.
    practicals = {**by_reg, **dict.fromkeys(absent)}
    existing = {r.registration_id: r for r in Result.objects.filter(registration_id__in=practicals)}
    sanctioned = sanctioned_subjects(registration_ids=practicals)
    items = []
    for reg_id, practical in practicals.items():
        if PRACTICAL in sanctioned.get(reg_id, ()):
            continue  # VIOL-01..04 decided this practical score; the panel's does not replace it
        res = existing.get(reg_id)
        items.append(
            ScoreInput(
                registration_id=reg_id,
                theory=res.theory_score if res and not res.theory_absent else None,
                practical=practical,
                theory_absent=bool(res and res.theory_absent),
                practical_absent=reg_id in absent,
            )
        )
    # SCORE-03: the one door through which the panel's practical reaches Result.
    # SCORE-05: a certified candidate under a practical appeal gets the re-signed score; the
    # appeal's answer settles the certificate (scoring.signals.appeal_decided).
    appealed = under_practical_appeal(practicals)
    results_set(
        actor=actor,
        sitting=panel.sitting,
        items=[i for i in items if i.registration_id not in appealed],
        source=PANEL_SOURCE,
    )
    if appealed:
        results_set(
            actor=actor,
            sitting=panel.sitting,
            items=[i for i in items if i.registration_id in appealed],
            basis={"rule": "SCORE-05", "appeal_pending": True},
            certificate_settled=True,
            source=PANEL_SOURCE,
        )
    return summary


# --- absence (缺考, SCORE-01) -----------------------------------------------------------------


def _absence_keeper(actor, panel: Panel) -> None:
    """The leader, who signs the summary the absence is part of, or the institution's
    managers, who set the panel up, record absences (SCORE-01 / SCORE-03)."""
    person = person_of(actor, panel.institution)
    if person is not None and person.pk == panel.leader_id:
        return
    if getattr(actor, "is_authenticated", False) and can_manage(actor, panel.institution):
        return
    raise DomainError(
        "not_absence_keeper", "只有考评组长或本机构负责人、考务人员可以登记缺考", rule="SCORE-01"
    )


def _absence_open(actor, panel: Panel, work_number: str) -> tuple[Panel, WorkNumber]:
    """The locked panel and the candidate's work number, once the actor may change absences
    and the summary is not signed yet."""
    panel = _locked_panel(panel)
    _absence_keeper(actor, panel)
    if panel.locked_at is not None:
        raise DomainError(
            "absence_locked",
            "成绩汇总表已签署，成绩已锁定，不能再登记或撤销缺考",
            rule="SCORE-03",
        )
    number = (work_number or "").strip()[:10]
    work = WorkNumber.objects.filter(
        sitting_id=panel.sitting_id, number=number, registration__status=Registration.APPROVED
    ).first()
    if work is None:
        raise DomainError("work_number", f"作品号“{number}”不是本批次的考生", field="work_number")
    return panel, work


@transaction.atomic
def absence_mark(*, actor, panel: Panel, work_number: str, basis: str, note: str = "") -> Absence:
    """Record the work number as absent (缺考) before the summary. Refused once any member
    signed a score of the candidate: a signed score stands until the panel changes it."""
    panel, work = _absence_open(actor, panel, work_number)
    if basis not in dict(Absence.BASES):
        raise DomainError("absence_basis", "请选择缺考依据", field="basis")
    note = (note or "").strip()
    if len(note) > 200:
        raise DomainError("absence_note", "说明不超过200字", field="note")
    if basis == Absence.OTHER and not note:
        raise DomainError("absence_note", "缺考依据为“其他”时须填写说明", field="note")
    if Absence.objects.filter(panel=panel, registration_id=work.registration_id).exists():
        raise DomainError("absence_exists", f"作品号{work.number}已登记缺考", field="work_number")
    if Signature.objects.filter(
        version__panel=panel, version__registration_id=work.registration_id
    ).exists():
        raise DomainError(
            "absence_signed",
            f"作品号{work.number}已有考评员签名确认的成绩，不能登记缺考",
            field="work_number",
            rule="SCORE-03",
        )
    absence = Absence.objects.create(
        institution_id=panel.institution_id,
        panel=panel,
        registration_id=work.registration_id,
        basis=basis,
        note=note,
        marked_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action="panel.absent",
        obj=absence,
        institution_id=panel.institution_id,
        after={"work_number": work.number, "basis": basis, "note": note},
    )
    return absence


@transaction.atomic
def absence_undo(*, actor, panel: Panel, work_number: str) -> None:
    """Take back an absence before the summary: the candidate is scored again."""
    panel, work = _absence_open(actor, panel, work_number)
    absence = Absence.objects.filter(panel=panel, registration_id=work.registration_id).first()
    if absence is None:
        raise DomainError("absence_missing", f"作品号{work.number}未登记缺考", field="work_number")
    audit_record(
        actor=actor,
        action="panel.absent_undo",
        obj=absence,
        institution_id=panel.institution_id,
        before={"work_number": work.number, "basis": absence.basis, "note": absence.note},
    )
    absence.delete()
