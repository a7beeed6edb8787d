from datetime import date

from ninja import Router, Schema

from skillcert.core.api_types import DbId
from skillcert.core.replica import replica_reads

from .selectors import directory, institution_get_for_user, institutions_for_user, scope_rows_for

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
    institution = institution_get_for_user(request.user, iid)
    data = InstitutionOut.from_orm(institution).dict()
    return InstitutionDetail(**data, scope=_scope(institution))


class DirectoryEntry(Schema):
    name: str
    kind: str
    filing_number: str
    filing_valid_until: date | None
    contact_person: str
    phone: str
    scope: list[ScopeRowOut]


@router.get("/directory", auth=None, response=list[DirectoryEntry])
@replica_reads
def directory_list(request, q: str = ""):
    """INST-12, public: institutions whose filing is valid today (not expired INST-04, not
    suspended INST-09), the same selector as the directory page."""
    return [
        DirectoryEntry(
            name=i.name,
            kind=i.kind,
            filing_number=i.filing_number,
            filing_valid_until=i.filing_valid_until,
            contact_person=i.contact_person,
            phone=i.phone,
            scope=_scope(i),
        )
        for i in directory(q.strip()[:50]).order_by("name")[:500]
    ]
