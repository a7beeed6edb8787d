"""JSON API of recusal relations (ARR-08): relatives of the institution's people and the
classes they teach; thin: tenancy, permission, then a service."""

from django.db import transaction
from ninja import Router, Schema, Status
from pydantic import Field

from skillcert.core.api_types import DbId
from skillcert.core.idnumbers import RESIDENT_ID
from skillcert.institutions.guards import institution_api

from ..selectors import person_get, relatives_of, taught_classes_of
from ..services import person_get_or_create, relative_add, taught_class_add

router = Router()


class RelativeIn(Schema):
    person_id: int = Field(ge=1, le=2**31 - 1)
    kind: str = Field(pattern="^(spouse|parent_child|sibling|other)$")
    name: str = Field(min_length=1, max_length=50)
    id_type: str = Field(RESIDENT_ID, max_length=20)
    id_number: str = Field(min_length=1, max_length=30)


class RelativeOut(Schema):
    id: int
    person_id: int
    person_name: str
    kind: str
    relative_name: str
    relative_id_masked: str


def _relative_out(r) -> RelativeOut:
    return RelativeOut(
        id=r.pk,
        person_id=r.person_id,
        person_name=r.person.name,
        kind=r.kind,
        relative_name=r.relative.name,
        relative_id_masked=r.relative.id_masked,
    )


@router.get("/institutions/{iid}/relatives", response=list[RelativeOut])
def relatives_list(request, iid: DbId):
    """ARR-08: recorded family relations of the institution's people."""
    return [_relative_out(r) for r in relatives_of(institution_api(request, iid))]


@router.post("/institutions/{iid}/relatives", response={201: RelativeOut})
def relatives_create(request, iid: DbId, payload: RelativeIn):
    """ARR-08: a relation between a person of the institution and a relative (by ID)."""
    institution = institution_api(request, iid, manage=True)
    member = person_get(institution, payload.person_id)
    with transaction.atomic():
        other = person_get_or_create(
            name=payload.name, id_type=payload.id_type, id_number=payload.id_number
        )
        rel = relative_add(
            actor=request.user,
            institution=institution,
            person=member,
            relative=other,
            kind=payload.kind,
        )
    return Status(201, _relative_out(rel))


class TaughtClassIn(Schema):
    teacher_id: int = Field(ge=1, le=2**31 - 1)
    class_name: str = Field(min_length=1, max_length=60)


class TaughtClassOut(Schema):
    id: int
    teacher_id: int
    teacher_name: str
    class_name: str


@router.get("/institutions/{iid}/taught-classes", response=list[TaughtClassOut])
def taught_classes_list(request, iid: DbId):
    """ARR-08: classes the institution's people teach."""
    institution = institution_api(request, iid)
    return [
        TaughtClassOut(
            id=c.pk, teacher_id=c.teacher_id, teacher_name=c.teacher.name, class_name=c.class_name
        )
        for c in taught_classes_of(institution)
    ]


@router.post("/institutions/{iid}/taught-classes", response={201: TaughtClassOut})
def taught_classes_create(request, iid: DbId, payload: TaughtClassIn):
    institution = institution_api(request, iid, manage=True)
    teacher = person_get(institution, payload.teacher_id)
    c = taught_class_add(
        actor=request.user, institution=institution, teacher=teacher, class_name=payload.class_name
    )
    return Status(
        201,
        TaughtClassOut(
            id=c.pk, teacher_id=c.teacher_id, teacher_name=teacher.name, class_name=c.class_name
        ),
    )
