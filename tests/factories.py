"""Builders for test data: valid ID numbers and credit codes, a filed institution, users."""

import itertools
from datetime import date

from django.contrib.auth import get_user_model

from skillcert.catalog.models import JobType, Occupation, Standard
from skillcert.core.idnumbers import credit_check_char, resident_check_digit
from skillcert.institutions import services as inst
from skillcert.institutions.models import Authority, AuthorityStaff, Institution, Membership

_seq = itertools.count(1)


def resident_id(region: str = "410102", birth: str = "20040512", seq: int | None = None) -> str:
    """A valid 18-digit resident ID number (PEOPLE-01)."""
    body = f"{region}{birth}{(seq if seq is not None else next(_seq)) % 1000:03d}"
    return body + resident_check_digit(body)


def credit_code(n: int | None = None) -> str:
    """A valid unified social credit code (GB 32100)."""
    body = f"12410100{(n if n is not None else next(_seq)):09d}"
    return body + credit_check_char(body)


def user(username: str, **extra):
    return get_user_model().objects.create_user(username=username, password="pw-Secret-123", **extra)


def occupation(code: str = "6-18-01-01") -> Occupation:
    return Occupation.objects.get(code=code)


def job_type(name: str, code: str = "6-18-01-01") -> JobType:
    return JobType.objects.get_or_create(occupation=occupation(code), name=name)[0]


def standard(code: str = "6-18-01-01", levels: str = "54321") -> Standard:
    occ = occupation(code)
    return Standard.objects.get_or_create(
        occupation=occ, job_type=None, kind=Standard.NATIONAL,
        defaults={"title": f"{occ.name}国家职业技能标准", "levels": levels},
    )[0]


def filed_institution(name: str = "示范职业技术学院", *, sequence: str | None = None,
                      region: str = "410100", filed_on: date | None = None) -> Institution:
    """A filed college with the Henan-manual sample scope for 车工 (INST-12)."""
    n = next(_seq)
    institution = inst.institution_create(
        actor=None, kind=Institution.COLLEGE, name=f"{name}{n}", credit_code=credit_code(n),
        region_code=region)
    institution = inst.institution_file(
        actor=None, institution=institution, filed_on=filed_on or date(2025, 1, 1), category="Y",
        org_code="0000", province="41", city="01", sequence=sequence or f"{9000 + n % 999 + 1}")
    std = standard()
    inst.scope_row_add(actor=None, institution=institution, occupation=occupation(), job_type=None,
                       levels="5", standard=std)
    for jt in ("数控车床", "普通车床"):
        inst.scope_row_add(actor=None, institution=institution, occupation=occupation(),
                           job_type=job_type(jt), levels="4321", standard=std)
    return institution


def member(institution: Institution, role: str = Membership.EXAM_AFFAIRS, username: str | None = None):
    u = user(username or f"{role}{next(_seq)}")
    inst.membership_add(institution=institution, user=u, role=role)
    return u


def authority_user(region_code: str = "410000", username: str | None = None):
    authority = Authority.objects.create(name=f"人社厅{region_code}", region_code=region_code)
    u = user(username or f"authority{next(_seq)}")
    AuthorityStaff.objects.create(user=u, authority=authority)
    return u
