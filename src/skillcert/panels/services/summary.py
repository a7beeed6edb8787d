"""The checker's tally and the leader's summary (SCORE-03): the summary locks the panel,
shows names (EXAM-09) and writes the practical to scoring.Result through results_set."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from skillcert.core.audit import audit_record, audit_record_many
from skillcert.core.errors import DomainError
from skillcert.scoring.entry_rules import PANEL as PANEL_SOURCE
from skillcert.scoring.hooks import sanctioned_subjects
from skillcert.scoring.models import PRACTICAL, Result
from skillcert.scoring.selectors import under_practical_appeal
from skillcert.scoring.services import ScoreInput, results_set

from ..models import (
    Panel,
    SummarySignature,
    TallyCheck,
)
from ..selectors import tally_totals
from .base import _draft, _locked_panel, _signer


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
