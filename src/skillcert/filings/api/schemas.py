"""Schemas of the filing API (INST-01, INST-02) and the converters from models."""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from skillcert.core.api_types import NO_NUL, DbId

from .. import sections as sec
from .. import selectors
from ..models import FilingApplication as A
from ..models import FilingScopeItem


class FilingErrorOut(Schema):
    detail: dict


class FilingRegisterIn(Schema):
    username: str = Field(max_length=150, pattern=NO_NUL)
    password: str = Field(max_length=128, pattern=NO_NUL)
    kind: str = Field(
        max_length=10, description="college 院校、employer 企业、social 社会培训评价组织"
    )
    name: str = Field(max_length=100, pattern=NO_NUL)
    credit_code: str = Field(max_length=18, pattern=NO_NUL)
    region_code: str = Field(max_length=6, pattern=NO_NUL)
    short_name: str = Field("", max_length=50, pattern=NO_NUL)
    nature: str = Field("public", max_length=10, description="public 公办 / private 民办")
    supervising_dept: str = Field("", max_length=100, pattern=NO_NUL)
    legal_rep: str = Field(max_length=50, pattern=NO_NUL)
    contact_person: str = Field(max_length=50, pattern=NO_NUL)
    phone: str = Field(max_length=30, pattern=NO_NUL)
    email: str = Field("", max_length=254, pattern=NO_NUL)
    website: str = Field("", max_length=200, pattern=NO_NUL)
    address: str = Field("", max_length=200, pattern=NO_NUL)
    prev_station_code: str = Field("", max_length=30, pattern=NO_NUL)


class FilingRegisterOut(Schema):
    institution_id: int
    username: str


class FilingScopeItemOut(Schema):
    id: int
    occupation_code: str
    occupation_name: str
    job_type: str
    evaluation: str
    levels: str
    major: str
    standard: str
    sub_levels: str
    top_titles: str
    swap_out_id: int | None


class FilingAttachmentOut(Schema):
    id: int
    kind: str
    name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


class FilingStepOut(Schema):
    state: str
    decision: str
    reasons: str
    by: str
    at: datetime


class FilingMissingOut(Schema):
    section: str
    message: str
    rule: str


class FilingOut(Schema):
    id: int
    institution_id: int
    institution_name: str
    kind: str
    state: str
    state_label: str
    school_type: str
    receiving_department: str
    submitted_at: datetime | None
    commitment_signed_by: str
    commitment_signed_on: date | None


class FilingDetail(FilingOut):
    sections: dict[str, list[dict]]
    texts: dict[str, str]
    scope: list[FilingScopeItemOut]
    attachments: list[FilingAttachmentOut]
    steps: list[FilingStepOut]
    missing: list[FilingMissingOut]


def _out(a: A) -> FilingOut:
    return FilingOut(
        id=a.pk,
        institution_id=a.institution_id,
        institution_name=a.institution.name,
        kind=a.kind,
        state=a.state,
        state_label=a.get_state_display(),
        school_type=a.school_type,
        receiving_department=a.receiving_department,
        submitted_at=a.submitted_at,
        commitment_signed_by=a.commitment_signed_by,
        commitment_signed_on=a.commitment_signed_on,
    )


def _item(i: FilingScopeItem) -> FilingScopeItemOut:
    return FilingScopeItemOut(
        id=i.pk,
        occupation_code=i.occupation.code,
        occupation_name=i.occupation.name,
        job_type=i.job_type.name if i.job_type_id else "",
        evaluation=i.evaluation,
        levels=i.levels,
        major=i.major,
        standard=i.standard.title if i.standard_id else "",
        sub_levels=i.sub_levels,
        top_titles=i.top_titles,
        swap_out_id=i.swap_out_id,
    )


def _detail(a: A) -> FilingDetail:
    content = a.sections or {}
    shown = {
        s.key: [
            dict(zip([c.key for c in s.columns], cells, strict=True))
            for cells in sec.display_rows(s.key, content.get(s.key, []))
        ]
        for s in sec.SECTIONS
    }
    return FilingDetail(
        **_out(a).dict(),
        sections=shown,
        texts=content.get("texts", {}),
        scope=[
            _item(i) for i in a.scope_items.select_related("occupation", "job_type", "standard")
        ],
        attachments=[FilingAttachmentOut.from_orm(x) for x in a.attachments.all()],
        steps=[
            FilingStepOut(
                state=s.state,
                decision=s.decision,
                reasons=s.reasons,
                by=s.by.get_username(),
                at=s.at,
            )
            for s in a.steps.select_related("by")
        ],
        missing=[FilingMissingOut(**m.__dict__) for m in selectors.missing_items(a)],
    )


class FilingOpenIn(Schema):
    kind: str = Field(
        A.INITIAL, max_length=12, description="initial 首次备案 / incremental 增量备案"
    )
    school_type: str = Field(
        "", max_length=12, description="院校：technical 技工院校 / vocational 职业院校或普通高校"
    )


class FilingSaveIn(Schema):
    sections: dict[str, list[dict[str, str | int | float | None]]] = Field(
        default_factory=dict,
        description="rules, sites, equipment, staff, experts, examiners, supervisors",
    )
    texts: dict[str, str] | None = Field(
        None, description="org_advantage, pro_advantage, it_system"
    )
    school_type: str | None = Field(None, max_length=12)
    identity: dict[str, str] | None = Field(
        None, description="机构信息（备案前可改）：name, short_name, nature, legal_rep, address…"
    )


class FilingScopeItemIn(Schema):
    occupation_code: str = Field(max_length=12, pattern=NO_NUL)
    job_type: str = Field("", max_length=100, pattern=NO_NUL)
    evaluation: str = Field(
        FilingScopeItem.SKILL_LEVEL, max_length=8, description="level / special"
    )
    levels: str = Field("", max_length=20, pattern=NO_NUL)
    major: str = Field("", max_length=100, pattern=NO_NUL)
    standard_id: DbId | None = None
    sub_levels: str = Field("", max_length=100, pattern=NO_NUL)
    top_titles: str = Field("", max_length=20, pattern=NO_NUL)
    swap_out_id: DbId | None = None


class FilingCommitmentIn(Schema):
    signed_by: str = Field(max_length=50, pattern=NO_NUL)


class FilingDecisionIn(Schema):
    step: str = Field(max_length=12, description="submitted 初审 / confirmation 确认：办理时的环节")
    decision: str = Field(max_length=8, description="pass 通过 / return 退回")
    reasons: str = Field("", max_length=2000, pattern=NO_NUL)
