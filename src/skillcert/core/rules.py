"""Rule values that documents disagree on or an authority may change, with their rule IDs.

Override any of them in settings.SKILLCERT_RULES, e.g. {"pass_mark": 70}.
"""

from dataclasses import dataclass, fields, replace
from decimal import Decimal
from functools import lru_cache

from django.conf import settings


@dataclass(frozen=True)
class RuleSettings:
    pass_mark: Decimal = Decimal("60")  # SCORE-01: theory and practical each >= this
    full_mark: Decimal = Decimal("100")  # SCORE-01: scores are out of 100
    filing_valid_years: int = 3  # INST-04: a filing is valid 3 years
    filing_sequence_min: int = 9001  # INST-04 / CERT-01: site sequence range (004)
    social_max_occupations: int = 5  # INST-07: a social training organisation files <= 5
    filing_sequence_max: int = 9999
    filing_category: str = "Y"  # INST-04: filing number letter (Y...)
    filing_org_code: str = "0000"  # INST-04: the four zeros after the letter
    evaluation_pass_total: Decimal = Decimal("65")  # INST-03: the group's mean total >= this
    evaluation_min_experts: int = 3  # INST-03: experts in a technical evaluation group
    plan_report_workdays: int = 10  # PLAN-03 / INST-13: implementation plan >= 10 workdays before
    high_level_approval_required: bool = True  # INST-16: levels 2 and 1 need the centre's approval
    results_review_required: bool = False  # INST-14: scores released only after the review
    application_workdays: int = 15  # PLAN-03 (002): applications 15 working days before
    task_notice_workdays: int = 7  # PLAN-03 (002): task notices 7 working days before
    announcement_lead_days: int = 61  # PLAN-02: announcement >= 2 months before (002 §5)
    deadline_warning_workdays: int = 3  # PLAN-03: a deadline this close is shown as near
    room_capacity: int = 30  # ARR-01: at most 30 candidates per theory room
    desk_spacing_cm: int = 80  # ARR-01: desks at least 80 cm apart
    proctor_ratio: int = 15  # ARR-03: 2 proctors per standard room of 30 (15:1)
    examiners_per_sitting: int = 3  # ARR-05 / PEOPLE-09: at least 3 examiners
    panel_rotation_share: str = "1/3"  # ARR-06: a panel changes >= 1/3 of its members
    max_consecutive_services: int = 3  # ARR-06: same institution at most 3 times in a row
    staff_title_years: int = 3  # PLAN-05: a title held >= 3 years
    verify_rate_per_minute: int = 30  # verification requests per address and minute
    import_background_rows: int = 2000  # roster files larger than this run as a task
    exam_entry_before_minutes: int = 20  # EXAM-05: entry opens 20 min before the start (002: 15)
    exam_entry_close_minutes: int = 30  # EXAM-05: entry refused 30 min after the start (absent)
    exam_submit_before_end_minutes: int = 0  # EXAM-05: no submitting before the end (0 = at end)
    exam_save_grace_seconds: int = 60  # EXAM-05: late autosaves accepted this long after the end
    exam_papers_collect_minutes: int = 30  # EXAM-06: proctors collect the papers 30 min before
    exam_seal_check_minutes: int = 5  # EXAM-06: 2 candidates check the seal 5 min before
    exam_end_warning_minutes: int = 15  # EXAM-06: a warning 15 min before the end
    exam_stoppage_max_minutes: int = 30  # EXAM-10: stoppages under this get extra time
    exam_signin_failures: int = 5  # EXAM-05: wrong ticket/ID pairs before sign-in is locked
    exam_signin_lock_minutes: int = 15  # EXAM-05: how long a locked ticket or address waits
    sign_password_failures: int = 5  # SCORE-03: wrong signing passwords before a lock
    sign_lock_minutes: int = 15  # SCORE-03: the window for those, and how long the lock lasts
    exam_similarity_alpha: Decimal = Decimal("0.001")  # EXAM-08: family-wise false-flag rate
    exam_similarity_min_count: int = 5  # EXAM-08: at least this many identical wrong answers
    single_subject_valid_days: int = 365  # SCORE-02: a passed subject valid 1 year (002 §23)
    results_notice_days: int = 15  # SCORE-04: results to candidates within 15 days (002 §22)
    appeal_window_days: int = 30  # SCORE-05: appeal within 1 month of the notice (002 §22; 30天)
    appeal_answer_workdays: int = 2  # SCORE-05: answer within 2 working days of receipt
    publication_workdays: int = 5  # SCORE-06: 公示 period in working days (seeds set none)
    viol04_ban_years_no_graduation: int = 2  # VIOL-04: bar for a non-student (no graduation)
    revoked_ban_years: int = 2  # PLAN-09 / CERT-06: a voided certificate bars its holder 2 years
    parallel_overlap_share: Decimal = Decimal("0.15")  # EXAM-02: parallel forms share <= 15%
    bank_renewal_share: Decimal = Decimal("0.20")  # EXAM-03: >= 20% of a bank renewed a year
    paper_store_days: int = 2  # EXAM-04: printed papers at most 2 days in store before sitting
    pledge_valid_days: int = 365  # EXAM-12: a signed pledge / agreement counts for a year
    # Uploaded spreadsheets (issue 16): a value beyond these is refused before it is read, so a
    # forged sheet cannot make the reader allocate rows x columns cells (core.sheets).
    sheet_max_rows: int = 60_000
    sheet_max_columns: int = 50
    sheet_max_unpacked_mb: int = 256  # the sheet, shared strings and styles, unpacked
    signup_rate_limit: int = 10  # PEOPLE-01 (issue 16): sign-ups per address and window
    signup_rate_minutes: int = 60  # PEOPLE-01: the sign-up counting window
    claim_code_hours: int = 72  # PEOPLE-01: a person's claim code (认领码) is valid this long
    claim_failures: int = 5  # PEOPLE-01: wrong claim codes per account before a lock
    claim_lock_minutes: int = 15  # PEOPLE-01: the window for those, and the lock
    exam_parallel_seconds: int = 120  # EXAM-05: a save this recent means a session is live
    incident_first_report_minutes: int = 10  # REC-05: first report within 10 minutes (002)
    video_retention_years: int = 5  # REC-11 / REC-01: recordings kept >= 5 years (003 §20, 004)
    video_upload_max_mb: int = 200  # REC-11: a recording uploaded here (larger ones: NVR reference)
    complaint_accept_workdays: int = 3  # REC-04: decide whether to investigate (004 投诉 三)
    complaint_decision_workdays: int = 7  # REC-04: decision within 7 working days (004 投诉 七)
    complaint_extension_max_workdays: int = 7  # REC-04: "可适当延长": at most this much per notice
    supervision_report_days: int = 2  # REC-06: report signed within 2 days of the sitting (004)
    filing_attachment_max_mb: int = 20  # INST-02: one attachment of a filing application
    filing_ran_share: str = "2/3"  # INST-05: share of filed occupations run before adding more
    region_saturation_share: str = "2/3"  # INST-06: an occupation this covered is saturated
    filing_register_rate_limit: int = 5  # INST-01: institution registrations per address/hour
    retention_paper_years: int = 3  # REC-01: paper records >= 3 years (003 §20, 004)
    retention_electronic_years: int = 5  # REC-01: electronic records >= 5 years
    retention_video_years: int = 5  # REC-01 / REC-11: video >= 5 years
    retention_proof_years: int = 1  # REC-01: candidates' proof documents 1 year (002)
    retention_exam_paper_years: int = 2  # REC-01: papers (试卷) 2 years (002)
    credit_base: int = 100  # INST-09: an institution's credit score before any event
    credit_window_years: int = 3  # INST-09: events count this many years back
    credit_points_rectify: int = 10  # INST-09: a finding that needs rectification
    credit_points_serious: int = 30  # INST-09: a serious finding
    credit_points_commitment: int = 40  # INST-09 / INST-15: a broken commitment
    credit_points_late_report: int = 5  # INST-09: a late report
    credit_points_other: int = 10  # INST-09: another breach of trust
    credit_suspend_below: int = 60  # INST-09: a score below this is shown as 应暂停
    annual_pass_total: int = 60  # INST-10: an annual inspection total >= this is 合格


def rules() -> RuleSettings:
    """The rule values (frozen: one object per distinct SKILLCERT_RULES, built once; a sign-in
    of the entry rush asks five times)."""
    overrides = getattr(settings, "SKILLCERT_RULES", {}) or {}
    try:
        return _rules(tuple(sorted(overrides.items())))
    except TypeError:  # an unhashable value: build it each time
        return _rules.__wrapped__(tuple(overrides.items()))


@lru_cache(maxsize=16)
def _rules(overrides: tuple) -> RuleSettings:
    known = {f.name: f.type for f in fields(RuleSettings)}
    values = {}
    for key, value in overrides:
        if key not in known:
            raise ValueError(f"SKILLCERT_RULES has an unknown rule value {key!r}")
        default = getattr(RuleSettings, key)
        if isinstance(default, bool) and isinstance(value, str):  # "false" is not True
            values[key] = value.strip().lower() in ("1", "true", "yes", "on")
        else:
            values[key] = type(default)(value)
    return replace(RuleSettings(), **values)
