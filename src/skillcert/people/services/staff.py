"""Exam staff (PEOPLE-09/10) and the recusal relations: relatives and taught classes
(ARR-08)."""

from django.db import transaction

from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError

from ..models import (
    ExamStaff,
    Person,
    Relative,
    TaughtClass,
)


@transaction.atomic
def staff_add(*, actor, institution, person: Person, role: str, title: str = "") -> ExamStaff:
    """An exam-affairs member of staff or manager (PEOPLE-10, ARR-04)."""
    if role not in dict(ExamStaff.ROLES):
        raise DomainError("staff_role", f"岗位“{role}”无效", field="role")
    if title not in dict(ExamStaff.TITLES):
        raise DomainError("staff_title", f"职称“{title}”无效", field="title")
    if ExamStaff.objects.filter(institution=institution, person=person, role=role).exists():
        raise DomainError(
            "staff_exists", f"{person.name}已登记为{dict(ExamStaff.ROLES)[role]}", field="role"
        )
    staff = ExamStaff.objects.create(institution=institution, person=person, role=role, title=title)
    audit_record(
        actor=actor, action="staff.add", obj=staff, after={"person": person.pk, "role": role}
    )
    return staff


@transaction.atomic
def relative_add(*, actor, institution, person: Person, relative: Person, kind: str) -> Relative:
    """ARR-08: a family relation; recusal looks it up in both directions."""
    if person.pk == relative.pk:
        raise DomainError("relative_self", "不能把本人登记为自己的亲属", field="relative")
    if kind not in dict(Relative.KINDS):
        raise DomainError("relative_kind", f"亲属关系“{kind}”无效", field="kind")
    rel, created = Relative.objects.get_or_create(
        institution=institution, person=person, relative=relative, defaults={"kind": kind}
    )
    if created:
        audit_record(
            actor=actor,
            action="relative.add",
            obj=rel,
            after={"person": person.pk, "relative": relative.pk, "kind": kind},
            institution_id=institution.pk,
        )
    return rel


@transaction.atomic
def taught_class_add(*, actor, institution, teacher: Person, class_name: str) -> TaughtClass:
    """ARR-08: a class the teacher teaches, named as in Registration.class_name."""
    name = (class_name or "").strip()
    if not name:
        raise DomainError("class_missing", "班级名称不能为空", field="class_name")
    taught, created = TaughtClass.objects.get_or_create(
        institution=institution, teacher=teacher, class_name=name
    )
    if created:
        audit_record(
            actor=actor,
            action="taught_class.add",
            obj=taught,
            after={"teacher": teacher.pk, "class_name": name},
            institution_id=institution.pk,
        )
    return taught
