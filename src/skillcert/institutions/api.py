from datetime import date

from ninja import Router, Schema

from skillcert.core.api_types import DbId
from skillcert.core.replica import replica_reads

from .guards import institution_api
from .selectors import directory, institutions_for_user, scope_rows_for
from .views_public import safe_website

router = Router(tags=["机构 institutions"])


class ScopeRowOut(Schema):
    occupation_code: str
    occupation_name: str
    job_type: str
    levels: list[int]
    standard: str


class InstitutionOut(Schema):
    id: int
    name: str
    kind: str
    credit_code: str
    filing_number: str
    filed_on: date | None
    filing_valid_until: date | None
    region_code: str


class InstitutionDetail(InstitutionOut):
    scope: list[ScopeRowOut]


def _scope(institution) -> list[ScopeRowOut]:
    return [
        ScopeRowOut(
            occupation_code=r.occupation.code,
            occupation_name=r.occupation.name,
            job_type=r.job_type.name if r.job_type_id else "",
            levels=[int(c) for c in r.levels],
            standard=r.standard.title,
        )
        for r in scope_rows_for(institution)
    ]


@router.get("/institutions", response=list[InstitutionOut])
def institutions_list(request):
    """Institutions the caller may see: members theirs, authority staff their region."""
    return list(institutions_for_user(request.user))


@router.get("/institutions/{iid}", response=InstitutionDetail)
def institution_detail(request, iid: DbId):
    institution = institution_api(request, iid)
    data = InstitutionOut.from_orm(institution).dict()
    return InstitutionDetail(**data, scope=_scope(institution))


class DirectoryEntry(Schema):
    """INST-12: name, number, kind, contacts and scope rows, as the 认定范围清单 lists them."""

    name: str
    short_name: str
    kind: str
    kind_label: str
    filing_number: str
    filed_on: date | None
    filing_valid_until: date | None
    contact_person: str
    phone: str
    email: str
    website: str
    address: str
    scope: list[ScopeRowOut]


@router.get("/directory", auth=None, response=list[DirectoryEntry])
@replica_reads
def directory_list(request, q: str = ""):
    """INST-12, public: institutions whose filing is valid today (not expired INST-04, not
    suspended INST-09), the same selector as the directory page."""
    return [
        DirectoryEntry(
            name=i.name,
            short_name=i.short_name,
            kind=i.kind,
            kind_label=i.get_kind_display(),
            filing_number=i.filing_number,
            filed_on=i.filed_on,
            filing_valid_until=i.filing_valid_until,
            contact_person=i.contact_person,
            phone=i.phone,
            email=i.email,
            website=safe_website(i.website),
            address=i.address,
            scope=_scope(i),
        )
        for i in directory(q.strip()[:50]).order_by("name")[:500]
    ]
