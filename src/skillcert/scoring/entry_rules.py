"""Who may write which score of a sitting, and when: the one check `results_set` runs on every
row it changes, whichever door the score came through (score sheet form, sheet import, API,
online exam, panel summary, appeal, carry).

- SCORE-03 (issue 16 item 3): where an examiner panel scores the sitting's practical, only the
  panel's signed summary writes it (source PANEL, and the value must be the one the leader
  signed); every other door is refused.
- Issue 16 item 24: nothing is scored before it happened: a subject is not scored (nor marked
  absent) before the day the sitting assesses it.
- SCORE-05/06 (item 25): once the results are published (公示), a score changes only through
  an appeal (source APPEAL; a panel re-scoring for a pending practical appeal).
- ARR-04/05 (item 28): a person typing scores (source ENTRY) must be named on the sitting's
  staffing plan for that subject: theory by the plan's exam-affairs staff (考务人员, who enter
  paper theory scores, ARR-04) or its examiners of the sitting's occupation; practical only by
  those examiners (ARR-05). The online exam (EXAM-07), appeals (SCORE-05) and carries
  (SCORE-02) are not typed scores and have their own checks. actor=None is the system
  (scripts, imports run by an operator), as everywhere in the services.
"""

from dataclasses import dataclass

from django.utils import timezone

from skillcert.arrangement.selectors import plan_roles
from skillcert.core.errors import DomainError
from skillcert.people.selectors import person_of

from . import hooks
from .models import PRACTICAL, THEORY, Appeal, ResultPublication

ENTRY, EXAM_SYSTEM, PANEL, APPEAL, CARRY = "entry", "exam", "panel", "appeal", "carry"
LABELS = {THEORY: "理论知识", PRACTICAL: "操作技能"}


def changed_subjects(before: dict | None, after: dict) -> set[str]:
    """Subjects whose score or absence this write changes, a carried-in subject excepted
    (SCORE-02: that score was given at an earlier sitting, not here)."""
    out = set()
    for subject in (THEORY, PRACTICAL):
        keys = (subject, f"{subject}_absent")
        old = tuple(before[k] for k in keys) if before else (None, False)
        if old != tuple(after[k] for k in keys) and after["carried_subject"] != subject:
            out.add(subject)
    return out


def _same(signed: tuple, after: dict) -> bool:
    score, absent = signed
    if absent:  # SCORE-01: the summary's 缺考 is written as absent (scored 0)
        return after["practical_absent"]
    return not after["practical_absent"] and after[PRACTICAL] == score


@dataclass
class EntryCheck:
    """What the checks need about a sitting, read once per `results_set` call."""

    sitting: object
    source: str
    actor: object
    published: ResultPublication | None
    signed: dict | None  # registration id -> (practical, absent) of the signed summaries
    appealed: set[int]  # registrations with a pending practical appeal
    roles: object  # arrangement PlanRoles of the typing person; None: no plan check
    _equipment_refusal: str | None = None  # REC-07, asked on the first typed practical

    @classmethod
    def load(cls, *, actor, sitting, source: str) -> "EntryCheck":
        typed = source == ENTRY and getattr(actor, "is_authenticated", False)
        return cls(
            sitting=sitting,
            source=source,
            actor=actor,
            published=ResultPublication.objects.filter(sitting=sitting).first(),
            signed=hooks.signed_practicals(sitting_id=sitting.pk),
            appealed=set(
                Appeal.objects.filter(
                    registration__sitting=sitting, subject=PRACTICAL, status=Appeal.PENDING
                ).values_list("registration_id", flat=True)
            ),
            roles=plan_roles(sitting, person_of(actor, sitting.institution)) if typed else None,
        )

    def check(self, reg, before: dict | None, after: dict) -> None:
        subjects = changed_subjects(before, after)
        if not subjects:
            return
        name = reg.person.name
        self._published(reg, name)
        for subject in (THEORY, PRACTICAL):  # the theory first, as the sitting runs
            if subject in subjects:
                self._not_before(subject, name)
        if PRACTICAL in subjects:
            self._panel(reg, name, after)
            self._equipment(after)
        self._staffed(subjects, name)

    def _published(self, reg, name: str) -> None:
        """Item 25 (SCORE-05/06): after 公示 only an appeal changes a score."""
        if self.published is None or self.source == APPEAL:
            return
        if self.source == PANEL and reg.pk in self.appealed:
            return  # SCORE-03/05: the panel re-scores for the candidate's pending appeal
        raise DomainError(
            "score_published",
            f"本批次成绩已于{timezone.localdate(self.published.published_at):%Y-%m-%d}公示，"
            f"{name}的成绩只能通过成绩复核（SCORE-05）更正",
            rule="SCORE-06",
        )

    def _not_before(self, subject: str, name: str) -> None:
        """Item 24: a subject is scored on or after the day the sitting assesses it."""
        from .services import subject_day

        day = subject_day(self.sitting, subject)
        label = LABELS[subject]
        if day is None:
            raise DomainError("score_no_date", f"批次尚未确定{label}考试日期，不能录入{name}的成绩")
        if timezone.localdate() < day:
            raise DomainError(
                "score_before_exam",
                f"{label}考试日期为{day:%Y-%m-%d}，考试前不能录入{name}的{label}成绩",
                field=subject,
            )

    def _panel(self, reg, name: str, after: dict) -> None:
        """SCORE-03: the panel's practical comes only from the summary its leader signed."""
        if self.signed is None:
            return
        signed = self.signed.get(reg.pk)
        if self.source == PANEL and signed is not None and _same(signed, after):
            return
        raise DomainError(
            "score_panel",
            f"{name}的操作技能成绩由考评组评定：须全体考评员签名、核分人核对并由组长签署汇总后"
            "写入，不能在此录入或修改（SCORE-03）",
            field=PRACTICAL,
            rule="SCORE-03",
        )

    def _equipment(self, after: dict) -> None:
        """REC-07: no practical scored where the sitting's stations used an instrument past its
        calibration on the day. A panel sitting was stopped before work numbers (panels); a
        sitting scored by typing is checked here, once per call."""
        if self.signed is not None or self.source != ENTRY or after["practical_absent"]:
            return
        if self._equipment_refusal is None:
            day = self.sitting.practical_on or timezone.localdate()
            self._equipment_refusal = hooks.practical_refusal(sitting_id=self.sitting.pk, on=day)
            self._equipment_refusal = self._equipment_refusal or ""
        if self._equipment_refusal:
            raise DomainError(
                "practical_equipment", self._equipment_refusal, field=PRACTICAL, rule="REC-07"
            )

    def _staffed(self, subjects: set[str], name: str) -> None:
        """Item 28 (ARR-04/05): typed scores only by the people the plan names for them."""
        if self.roles is None:
            return
        examiner = self.sitting.occupation_id in self.roles.examiner_of
        clerk = self.roles.exam_affairs
        for subject in sorted(subjects):
            allowed = examiner or (subject == THEORY and clerk)
            rule = "ARR-05" if subject == PRACTICAL else "ARR-04,ARR-05"
            if not allowed:
                who = "本职业考评员或考务人员" if subject == THEORY else "本职业考评员"
                raise DomainError(
                    "score_not_staffed",
                    f"您不在本批次人员安排的{who}之列，不能录入{name}的{LABELS[subject]}成绩"
                    f"（{rule}）",
                    field=subject,
                    rule=rule,
                )
