"""Results and certificates of the statistics bench's region (bench/region.py): the held
sittings' approved registrations get a result (5% absent), exactly Scale.certificates of them
pass, and each passed one a certificate through an issued register (CERT-04), numbered from its
institution's filing prefix with serials per institution, year and level (CERT-01/02), 2% void."""

from datetime import timedelta

import numpy as np

from bench.loading import at, copy_rows, next_id

# Harder levels fail more: added to a candidate's draw before the pass cut.
LEVEL_BIAS = {1: 0.20, 2: 0.12, 3: 0.05, 4: 0.0, 5: -0.05}
VOID_EVERY, VOID_AT = 50, 37  # certificate k is void when k % 50 == 37 (2%)


def results(scale, s, regs, rng) -> tuple[np.ndarray, int]:
    """Results of the approved registrations of held sittings: 5% absent, exactly
    `certificates` passed (chosen by a seeded draw biased per sitting and level); the
    registration indexes that passed and the results written."""
    from skillcert.scoring.models import Result

    scored = np.flatnonzero(s.held[regs.sitting] & (regs.status == 0))
    absent = regs.index[scored] % 20 == 7
    sat = scored[~absent]
    if scale.certificates > len(sat):
        raise ValueError(f"{scale.certificates} certificates but only {len(sat)} sat")
    bias = (s.ids % 31) / 100 - 0.15 + np.vectorize(LEVEL_BIAS.get)(s.level)
    key = rng.random(len(sat)) + bias[regs.sitting[sat]]
    passed = np.sort(sat[np.argpartition(key, scale.certificates - 1)[: scale.certificates]])
    is_passed = np.zeros(len(regs.ids), dtype=bool)
    is_passed[passed] = True
    theory = rng.integers(60, 99, len(regs.ids))
    practical = rng.integers(60, 99, len(regs.ids))
    low = rng.integers(20, 60, len(regs.ids))
    first = next_id(Result)
    updated = [at(d + timedelta(days=10)) for d in s.theory_on]
    inst = s.institution.tolist()

    def rows():
        absent_set = set(scored[absent].tolist())
        for n, g in enumerate(scored.tolist()):
            si = int(regs.sitting[g])
            if g in absent_set:
                yield (
                    first + n,
                    inst[si],
                    int(regs.ids[g]),
                    None,
                    True,
                    None,
                    True,
                    False,
                    updated[si],
                )
                continue
            ok = bool(is_passed[g])
            t = int(theory[g]) if ok or g % 2 else int(low[g])
            p = int(practical[g]) if ok or not g % 2 else int(low[g])
            yield (first + n, inst[si], int(regs.ids[g]), t, False, p, False, ok, updated[si])

    columns = ["id", "institution_id", "registration_id", "theory_score", "theory_absent"]
    columns += ["practical_score", "practical_absent", "passed", "updated_at"]
    return passed, copy_rows(Result, columns, rows())


def certificates(s, regs, passed: np.ndarray, today) -> int:
    """The certificates of the passed registrations; how many were voided."""
    from skillcert.certificates.models import Certificate, IssueRegister, SerialCounter
    from skillcert.institutions.models import Institution

    institutions = {i.pk: i for i in Institution.objects.filter(pk__in=set(s.institution.tolist()))}
    sittings_used = sorted(set(regs.sitting[passed].tolist()))
    first_reg = next_id(IssueRegister)
    register = {si: first_reg + n for n, si in enumerate(sittings_used)}
    issued = {si: min(s.theory_on[si] + timedelta(days=20), today) for si in sittings_used}
    copy_rows(
        IssueRegister,
        ["id", "institution_id", "sitting_id", "status", "created_at", "reviewed_at", "issued_on"],
        (
            (
                register[si],
                int(s.institution[si]),
                int(s.ids[si]),
                "issued",
                at(issued[si], 8),
                at(issued[si], 9),
                issued[si],
            )
            for si in sittings_used
        ),
    )
    serials: dict[tuple, int] = {}
    first = next_id(Certificate)

    def rows():
        for k, g in enumerate(passed.tolist()):
            si = int(regs.sitting[g])
            inst = institutions[int(s.institution[si])]
            day, lv, occ = issued[si], int(s.level[si]), s.occupation[si]
            key = (inst.pk, day.year % 100, lv)
            serials[key] = serial = serials.get(key, 0) + 1
            pid = int(regs.person[g])
            p = pid - regs.first_person
            void = k % VOID_EVERY == VOID_AT
            yield (
                first + k,
                f"{inst.cert_prefix}{day.year % 100:02d}{lv}{serial:06d}",
                inst.pk,
                register[si],
                int(regs.ids[g]),
                pid,
                regs.names[p],
                "resident",
                regs.masked[p],
                occ.code,
                occ.name,
                lv,
                inst.name,
                inst.seal_text,
                day,
                "void" if void else "valid",
                "违纪违规（VIOL-05）" if void else "",
                min(day + timedelta(days=60), today) if void else None,
            )

    columns = ["id", "number", "institution_id", "register_id", "registration_id", "person_id"]
    columns += ["holder_name", "id_type", "id_masked", "occupation_code", "occupation_name"]
    columns += ["level", "issuer_name", "seal_text", "issued_on", "status", "void_reason"]
    columns += ["voided_on"]
    copy_rows(Certificate, columns, rows())
    copy_rows(
        IssueRegister.registrations.through,
        ["issueregister_id", "registration_id"],
        ((register[int(regs.sitting[g])], int(regs.ids[g])) for g in passed.tolist()),
    )
    copy_rows(
        SerialCounter,
        ["institution_id", "year", "level", "last_serial"],
        ((i, y, lv, n) for (i, y, lv), n in sorted(serials.items())),
    )
    return len(range(VOID_AT, len(passed), VOID_EVERY))
