"""The expert register (PEOPLE-08)."""

from datetime import date

from django.db import transaction

from skillcert.catalog.models import Occupation
from skillcert.core.audit import audit_record
from skillcert.core.errors import DomainError

from ..models import (
    SENIOR_TITLE,
    Expert,
    Person,
    full_years,
)
from .limits import EXPERT_LEADER_EXAMINER_YEARS, EXPERT_MAX_AGE, EXPERT_MIN_YEARS


def _age(person: Person, day: date) -> int | None:
    return full_years(person.birth_date, day) if person.birth_date else None


@transaction.atomic
def expert_add(
    *,
    actor,
    institution,
    person: Person,
    occupation: Occupation,
    degree: str,
    assessment_since: date,
    term_start: date,
    skill_level: int | None = None,
    title: str = "",
    is_group_leader: bool = False,
    examiner_since: date | None = None,
    is_senior_examiner: bool = False,
    on: date | None = None,
) -> Expert:
    """PEOPLE-08 checks: degree, level 1 or senior title, experience, age, group leader."""
    day = on or term_start
    if degree not in (Expert.BACHELOR, Expert.MASTER, Expert.DOCTOR):
        raise DomainError(
            "expert_degree", "专家须具有本科及以上学历", field="degree", rule="PEOPLE-08"
        )
    if skill_level != 1 and title != SENIOR_TITLE:
        raise DomainError(
            "expert_basis",
            "专家须具有本职业一级/高级技师职业资格或高级专业技术职称",
            field="skill_level",
            rule="PEOPLE-08",
        )
    if full_years(assessment_since, day) < EXPERT_MIN_YEARS:
        raise DomainError(
            "expert_experience",
            f"专家须从事鉴定（评价）工作{EXPERT_MIN_YEARS}年以上",
            field="assessment_since",
            rule="PEOPLE-08",
        )
    age = _age(person, day)
    if age is not None and age > EXPERT_MAX_AGE:
        raise DomainError(
            "expert_age",
            f"专家年龄一般不超过{EXPERT_MAX_AGE}周岁，{person.name}为{age}周岁",
            field="id_number",
            rule="PEOPLE-08",
        )
    if (
        is_group_leader
        and not is_senior_examiner
        and full_years(examiner_since, day) < EXPERT_LEADER_EXAMINER_YEARS
    ):
        raise DomainError(
            "expert_leader",
            f"专家组组长须担任考评员{EXPERT_LEADER_EXAMINER_YEARS}年以上或为高级考评员",
            field="is_group_leader",
            rule="PEOPLE-08",
        )
    if Expert.objects.filter(
        institution=institution, person=person, occupation=occupation
    ).exists():
        raise DomainError(
            "expert_exists", f"{person.name}已是本机构{occupation.name}专家", field="id_number"
        )
    expert = Expert.objects.create(
        institution=institution,
        person=person,
        occupation=occupation,
        degree=degree,
        skill_level=skill_level,
        title=title or "",
        assessment_since=assessment_since,
        is_group_leader=is_group_leader,
        examiner_since=examiner_since,
        is_senior_examiner=is_senior_examiner,
        term_start=term_start,
    )
    audit_record(
        actor=actor,
        action="expert.add",
        obj=expert,
        after={"person": person.pk, "occupation": occupation.code, "leader": is_group_leader},
    )
    return expert
