"""The statistics bench's world: one authority's region filled at scale (issue 13).

`build_region(Scale(...))` makes an authority (河南, 410000) with its staff user, `institutions`
institutions of every kind and state (draft ones have no filing number and no sittings), their
scope, annual plans and `sittings_per_institution` sittings over the last three years and the
next four months, exactly `registrations` registrations, the results of the held sittings and
exactly `certificates` certificates, a few voided with their correction notice and violation;
then the records the dashboard reports on (bench/region_records.py).

Every row is one the services could have written: ID numbers valid, encrypted, hashed and masked
by people.services.person_fields (PEOPLE-01); certificate numbers of 22 characters from the
institution's filing prefix with serials per institution, year and level (CERT-01/02, the
serial counters set to the last one used); certificates only for passed results of approved
registrations (CERT-04), through an issued register. The rows are not audited: the audit chain
records what people did, and this is a load, like the verification bench's clones.

The mix is deterministic (seeded): per-sitting and per-level pass rates vary, so the dashboard's
groupings differ, and the same Scale always builds the same world.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from django.utils import timezone

from bench.loading import (
    Stages,
    analyze,
    at,
    bulk_load,
    check_constraints,
    copy_rows,
    next_id,
    reset_sequences,
)

OCCUPATION_CODES = [
    "6-18-01-01",
    "4-01-02-01",
    "4-03-02-01",
    "4-03-02-02",
    "4-03-02-07",
    "4-04-05-01",
    "4-04-05-05",
    "4-07-03-04",
    "4-01-02-04",
    "4-03-02-05",
    "4-04-05-04",
    "4-07-03-02",
]
# Levels of a sitting, cycled: most candidates sit 五级/四级, few 一级 (realistic weights).
LEVEL_CYCLE = [4, 5, 4, 3, 5, 4, 2, 5, 3, 1, 4, 5, 3, 4, 5, 2, 4, 3, 5, 4]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文浩宇"
SPAN_BACK, SPAN_AHEAD = 1095, 120  # sittings from three years ago to four months ahead


@dataclass(frozen=True)
class Scale:
    institutions: int = 200
    sittings_per_institution: int = 40
    registrations: int = 1_500_000
    certificates: int = 1_000_000
    seed: int = 13


@dataclass
class Region:
    authority: object
    user: object  # the authority's staff user (logs in for the bench)
    institution_ids: list[int]
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def kind_of(i: int) -> str:
    """Institution i's kind: half colleges, 30% employers, 20% social organisations."""
    return "college" if i % 10 < 5 else "employer" if i % 10 < 8 else "social"


def status_of(i: int) -> str:
    """Every 20th institution is still a draft, the one before it suspended."""
    return {19: "draft", 18: "suspended"}.get(i % 20, "filed")


AUTHORITY_NAME = "河南省人力资源和社会保障厅"


def existing_region() -> Region | None:
    """The region a previous run generated (BENCH_KEEPDB=1), or None."""
    from skillcert.catalog.models import Occupation
    from skillcert.institutions.models import Authority, AuthorityStaff, Institution

    authority = Authority.objects.filter(name=AUTHORITY_NAME).order_by("-pk").first()
    staff = authority and AuthorityStaff.objects.filter(authority=authority).first()
    if not staff:
        return None
    ids = list(
        Institution.objects.filter(authority=authority).order_by("pk").values_list("pk", flat=True)
    )
    region = Region(authority, staff.user, ids)
    region.occupations = list(Occupation.objects.filter(code__in=OCCUPATION_CODES).order_by("code"))
    return region


def build_region(scale: Scale, *, today: date | None = None, progress=print) -> Region:
    from bench import region_certificates, region_records

    today = today or timezone.localdate()
    rng = np.random.default_rng(scale.seed)
    timer = Stages(progress)
    with bulk_load():
        with timer("institutions, scope, plans"):
            region = _institutions(scale, today)
        with timer("sittings"):
            sittings = _sittings(scale, region, today)
        with timer("persons and registrations"):
            regs = _registrations(scale, sittings, today, rng)
        with timer("results"):
            passed, results = region_certificates.results(scale, sittings, regs, rng)
        with timer("issue registers and certificates"):
            void = region_certificates.certificates(sittings, regs, passed, today)
        with timer("complaints, incidents, inspections, violations, deliveries"):
            region.counts |= region_records.build(region, sittings, regs, today)
        with timer("foreign-key checks (deferred to here)"):
            check_constraints()
    with timer("sequences and ANALYZE"):
        _finish()
    region.seconds = timer.seconds
    # What was written (the rows COPY took); tests/bench/test_region.py counts the tables.
    region.counts = {
        "institutions": scale.institutions,
        "sittings": len(sittings.ids),
        "persons": len(regs.names),
        "registrations": len(regs.ids),
        "results": results,
        "passed": len(passed),
        "certificates": len(passed),
        "void certificates": void,
    } | region.counts
    return region


# --- institutions ---------------------------------------------------------------------------


def _institutions(scale: Scale, today: date) -> Region:
    from django.contrib.auth import get_user_model

    from skillcert.catalog.models import Occupation, Standard
    from skillcert.core.idnumbers import credit_check_char
    from skillcert.institutions.models import Authority, AuthorityStaff, Institution, ScopeRow
    from skillcert.plans.models import AnnualPlan, PlanItem

    authority = Authority.objects.create(name=AUTHORITY_NAME, region_code="410000")
    user = get_user_model().objects.create_user(username=f"bench-authority-{authority.pk}")
    AuthorityStaff.objects.create(user=user, authority=authority)
    occupations = list(Occupation.objects.filter(code__in=OCCUPATION_CODES).order_by("code"))
    standards = [
        Standard.objects.get_or_create(
            occupation=o,
            job_type=None,
            kind=Standard.NATIONAL,
            defaults={"title": f"{o.name}国家职业技能标准", "levels": "54321"},
        )[0]
        for o in occupations
    ]
    first = next_id(Institution)
    rows = []
    for i in range(scale.institutions):
        city = f"{1 + i % 17:02d}"
        body = f"12410100{700_000_000 + first + i:09d}"
        filed = status_of(i) != "draft"
        rows.append(
            Institution(
                pk=first + i,
                kind=kind_of(i),
                name=_institution_name(i),
                credit_code=body + credit_check_char(body),
                region_code=f"41{city}00",
                authority=authority,
                status=status_of(i),
                filed_on=date(2021 + i % 4, 1 + i % 12, 1) if filed else None,
                cert_category="Y" if filed else "",
                cert_org_code="0000" if filed else "",
                cert_province="41" if filed else "",
                cert_city=city if filed else "",
                cert_sequence=f"{first + i:04d}" if filed else "",
                seal_text=f"{_institution_name(i)}职业技能等级认定专用章" if filed else "",
            )
        )
    Institution.objects.bulk_create(rows, batch_size=500)
    scopes, plans, items = [], [], []
    region = Region(authority, user, [r.pk for r in rows])
    region.occupations = occupations
    region.scope = {}
    for i, inst in enumerate(rows):
        picks = [(i + 5 * j) % len(occupations) for j in range(min(4, len(occupations)))]
        region.scope[inst.pk] = [occupations[p] for p in dict.fromkeys(picks)]
        for p in dict.fromkeys(picks):
            scopes.append(
                ScopeRow(
                    institution=inst,
                    occupation=occupations[p],
                    levels="54321",
                    standard=standards[p],
                )
            )
        if inst.status == "draft":
            continue
        for year in range(today.year - 2, today.year + 1):
            plans.append(AnnualPlan(institution=inst, year=year, made_on=date(year - 1, 12, 20)))
    ScopeRow.objects.bulk_create(scopes, batch_size=500)
    AnnualPlan.objects.bulk_create(plans, batch_size=500)
    region.plans = {
        (p.institution_id, p.year): p.pk
        for p in AnnualPlan.objects.filter(institution__authority=authority)
    }
    for (iid, _year), pk in region.plans.items():
        for k, occ in enumerate(region.scope[iid]):
            items.append(
                PlanItem(plan_id=pk, occupation=occ, level=LEVEL_CYCLE[k], expected_count=200)
            )
    PlanItem.objects.bulk_create(items, batch_size=500)
    region.institutions = {r.pk: r for r in rows}
    return region


def _institution_name(i: int) -> str:
    kind = kind_of(i)
    if kind == "college":
        return f"河南第{i + 1}职业技术学院"
    if kind == "employer":
        return f"中原第{i + 1}机械制造有限公司"
    return f"豫第{i + 1}职业培训评价中心"


# --- sittings and registrations -------------------------------------------------------------


@dataclass
class Sittings:
    ids: np.ndarray  # sitting id per sitting index
    institution: np.ndarray  # institution id
    level: np.ndarray
    occupation: list  # Occupation per sitting
    theory_on: list  # date
    held: np.ndarray  # bool: its day is before today


def _sittings(scale: Scale, region: Region, today: date) -> Sittings:
    from skillcert.plans.models import Sitting

    first = next_id(Sitting)
    active = [iid for iid in region.institution_ids if region.institutions[iid].status != "draft"]
    rows, inst, level, days, occupations = [], [], [], [], []
    n = scale.sittings_per_institution
    for a, iid in enumerate(active):
        scope = region.scope[iid]
        for j in range(n):
            lv = LEVEL_CYCLE[(j + a) % len(LEVEL_CYCLE)]
            occ = scope[j % len(scope)]
            back = SPAN_BACK - ((j * (SPAN_BACK + SPAN_AHEAD)) // n + 3 * a) % (
                SPAN_BACK + SPAN_AHEAD
            )
            day = today - timedelta(days=back)
            held = day < today
            pid = region.plans.get((iid, day.year))
            rows.append(
                (
                    first + len(rows),
                    iid,
                    f"{occ.name}{lv}级{day.year}年第{j + 1}批",
                    occ.pk,
                    lv,
                    day,
                    day + timedelta(days=1),
                    "closed" if day < today - timedelta(days=30) else "open",
                    at(day - timedelta(days=60)),
                    pid,
                )
            )
            inst.append(iid), level.append(lv), days.append(day), occupations.append(occ)
    columns = ["id", "institution_id", "name", "occupation_id", "level", "theory_on"]
    columns += ["practical_on", "status", "created_at", "plan_id"]
    copy_rows(Sitting, columns, rows)
    held = np.array([d < today for d in days], dtype=bool)
    ids = np.arange(first, first + len(rows))
    return Sittings(ids, np.array(inst), np.array(level), occupations, days, held)


@dataclass
class Registrations:
    sitting: np.ndarray  # sitting index per registration
    person: np.ndarray  # person id
    ids: np.ndarray  # registration id
    index: np.ndarray  # position inside its sitting
    status: np.ndarray  # 0 approved, 1 rejected, 2 cancelled, 3 pending
    first_person: int = 0
    names: list = field(default_factory=list)  # person k's name and masked ID, for the
    masked: list = field(default_factory=list)  # certificates (copied at issue, CERT-03)
    STATUSES = ("approved", "rejected", "cancelled", "pending")


def _registrations(scale: Scale, s: Sittings, today: date, rng) -> Registrations:
    from skillcert.people.models import Person
    from skillcert.plans.models import Registration

    n_sit = len(s.ids)
    if n_sit == 0:
        raise ValueError("no sittings: every institution is a draft")
    # Sizes: big and small institutions (weight 1..10) and sittings, summing exactly.
    weight = (1 + (s.institution * 7) % 10) * (1 + (np.arange(n_sit) * 13) % 7 / 3)
    cum = np.floor(scale.registrations * np.cumsum(weight) / weight.sum()).astype(np.int64)
    cum[-1] = scale.registrations  # floating point may leave the last one short
    sizes = np.diff(np.concatenate([[0], cum]))
    sitting = np.repeat(np.arange(n_sit), sizes)
    index = np.arange(scale.registrations) - np.repeat(cum - sizes, sizes)
    held = s.held[sitting]
    status = np.where(
        held,
        np.where(index % 50 == 0, 1, np.where(index % 50 == 1, 2, 0)),
        np.where(index % 3 == 0, 3, 0),
    )
    # One person in five registers twice (a second level, a retake): registration g >= P
    # reuses person g - P, which sits in an earlier sitting unless a sitting is that large.
    total = scale.registrations
    people = total - total // 5
    pidx = np.where(np.arange(total) < people, np.arange(total), np.arange(total) - people)
    same = sitting[np.minimum(pidx, total - 1)] == sitting
    clash = (np.arange(total) >= people) & same
    extra = int(clash.sum())
    pidx[clash] = people + np.arange(extra)
    people += extra
    first_person = next_id(Person)
    first = next_id(Registration)
    ids = np.arange(first, first + total)
    regs = Registrations(sitting, pidx + first_person, ids, index, status, first_person)
    copy_rows(Person, _PERSON_COLUMNS, _persons(first_person, people, regs))
    copy_rows(Registration, _REG_COLUMNS, _registration_rows(regs, s))
    return regs


_PERSON_COLUMNS = ["id", "name", "id_type", "id_number_encrypted", "id_hash", "id_masked"]
_PERSON_COLUMNS += ["sex", "birth_date", "phone"]
_REG_COLUMNS = ["id", "institution_id", "sitting_id", "person_id", "status", "decided_at"]
_REG_COLUMNS += ["created_at"]


def _persons(first: int, n: int, regs: Registrations):
    """n distinct valid resident IDs of Henan counties, born 1975-1999 (PEOPLE-01 fields)."""
    from skillcert.core.idnumbers import ParsedId, division_codes, resident_check_digit
    from skillcert.people.services.persons import person_fields

    counties = sorted(c for c in division_codes() if c.startswith("41") and c[4:] != "00")
    base = date(1975, 1, 1)
    for k in range(n):
        county, rest = counties[k % len(counties)], k // len(counties)
        born = base + timedelta(days=rest % 9000)
        seq = rest // 9000
        body = f"{county}{born:%Y%m%d}{seq:03d}"
        number = body + resident_check_digit(body)
        given = GIVEN[(k // 30) % len(GIVEN)] + GIVEN[(k // 1000) % len(GIVEN)] * (k % 3 > 0)
        name = SURNAMES[k % len(SURNAMES)] + given
        parsed = ParsedId("resident", number, born, "M" if seq % 2 else "F")
        f = person_fields(name=name, parsed=parsed)
        regs.names.append(f["name"]), regs.masked.append(f["id_masked"])
        yield (
            first + k,
            f["name"],
            f["id_type"],
            f["id_number_encrypted"],
            f["id_hash"],
            f["id_masked"],
            f["sex"],
            f["birth_date"],
            "",
        )


def _registration_rows(regs: Registrations, s: Sittings):
    created = [at(d - timedelta(days=40)) for d in s.theory_on]
    decided = [at(d - timedelta(days=30)) for d in s.theory_on]
    inst = s.institution.tolist()
    names = Registrations.STATUSES
    for rid, si, pid, st in zip(
        regs.ids.tolist(),
        regs.sitting.tolist(),
        regs.person.tolist(),
        regs.status.tolist(),
        strict=True,
    ):
        yield (
            rid,
            inst[si],
            int(s.ids[si]),
            pid,
            names[st],
            None if st == 3 else decided[si],
            created[si],
        )


def _finish() -> None:
    from django.apps import apps

    models = [m for m in apps.get_models() if m._meta.app_label in _LOADED_APPS]
    reset_sequences(*models)
    analyze(*models)


_LOADED_APPS = {
    "institutions",
    "plans",
    "people",
    "scoring",
    "certificates",
    "records",
    "supervision",
    "violations",
    "reports",
}
