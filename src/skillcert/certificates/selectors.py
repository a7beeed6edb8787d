"""Reads of registers and certificates, scoped to an institution the caller already resolved
with `institution_get_for_user` (outsiders never get here: they got 404). A `*_get` returns
None for what is missing or another institution's; the edge turns that into 404."""

from django.db.models import Exists, F, OuterRef, QuerySet

from skillcert.core.errors import DomainError
from skillcert.institutions.models import Institution
from skillcert.plans.models import Registration, Sitting
from skillcert.plans.selectors import registrations_of_user

from .models import (
    Certificate,
    CertificateExport,
    CertificatePdfJob,
    CertificateZipJob,
    IssueRegister,
    Replacement,
)
from .numbering import parse_number
from .verification import token_matches

OPEN_REGISTER_STATUSES = (IssueRegister.DRAFT, IssueRegister.REVIEWED)


def passed_registrations(sitting: Sitting) -> QuerySet[Registration]:
    """CERT-04: approved registrations of the sitting whose result is a pass."""
    return (
        Registration.objects.filter(
            sitting=sitting, status=Registration.APPROVED, result__passed=True
        )
        .select_related("person", "result")
        .order_by("id")
    )


def registrations_to_register(sitting: Sitting) -> QuerySet[Registration]:
    """Passed registrations with no certificate and in no open register yet."""
    in_open = IssueRegister.registrations.through.objects.filter(
        registration_id=OuterRef("pk"), issueregister__status__in=OPEN_REGISTER_STATUSES
    )
    return passed_registrations(sitting).filter(certificate__isnull=True).exclude(Exists(in_open))


def sitting_get(*, institution: Institution, sitting_id) -> Sitting | None:
    try:
        return Sitting.objects.select_related("occupation", "job_type", "institution").get(
            pk=int(sitting_id), institution=institution
        )
    except (Sitting.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def issue_registers_for(
    institution: Institution, *, sitting: Sitting | None = None
) -> QuerySet[IssueRegister]:
    qs = IssueRegister.objects.filter(institution=institution).select_related(
        "sitting", "created_by", "reviewed_by"
    )
    return qs.filter(sitting=sitting) if sitting is not None else qs


def issue_register_get(*, institution: Institution, register_id) -> IssueRegister | None:
    """A register of this institution; another institution's register is None (tenancy)."""
    try:
        return issue_registers_for(institution).get(pk=int(register_id))
    except (IssueRegister.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def certificates_for(institution: Institution) -> QuerySet[Certificate]:
    return Certificate.objects.filter(institution=institution).order_by("-issued_on", "number")


def certificate_get(*, institution: Institution, number: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("person", "institution")
        .filter(institution=institution, number=(number or "").strip().upper())
        .first()
    )


def certificate_of_candidate(*, user, registration_id) -> Certificate | None:
    """The candidate's own valid certificate; anybody else's, a void one, or none: None."""
    try:
        return Certificate.objects.select_related("person", "institution").get(
            registration__in=registrations_of_user(user),
            registration_id=int(registration_id),
            status=Certificate.VALID,
        )
    except (Certificate.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def registration_certified(*, registration: Registration) -> bool:
    """Whether a certificate (valid or void: CERT-06 keeps it) was issued on it."""
    return Certificate.objects.filter(registration=registration).exists()


def valid_certificate_for_update(*, registration: Registration) -> Certificate | None:
    """The registration's valid certificate, locked for a write in this transaction."""
    return (
        Certificate.objects.select_for_update()
        .filter(registration=registration, status=Certificate.VALID)
        .first()
    )


def certificate_holders(*, person_ids, occupation_code: str, level_at_most: int) -> set[int]:
    """Answers plans.hooks.certificate_holders (PLAN-05/06): who of `person_ids` holds a valid
    certificate of the occupation at that level or above, in one query."""
    return set(
        Certificate.objects.filter(
            person_id__in=list(person_ids),
            status=Certificate.VALID,
            occupation_code=occupation_code,
            level__lte=level_at_most,
        ).values_list("person_id", flat=True)
    )


def certificates_for_pdf(certificates: QuerySet[Certificate]) -> QuerySet[Certificate]:
    """What the PDF needs in one query: the person (photo, encrypted ID) and the seal text."""
    return certificates.select_related("person", "institution").order_by("number")


def pdf_job_get(*, institution: Institution, job_id) -> CertificatePdfJob | None:
    try:
        return CertificatePdfJob.objects.select_related("register").get(
            pk=int(job_id), institution=institution
        )
    except (CertificatePdfJob.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def zip_job_get(*, institution: Institution, job_id) -> CertificateZipJob | None:
    try:
        return CertificateZipJob.objects.select_related("register").get(
            pk=int(job_id), institution=institution
        )
    except (CertificateZipJob.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def replacements_of(certificate: Certificate) -> QuerySet[Replacement]:
    """CERT-05: the reprints of a certificate, oldest first, with the sheet each used."""
    return certificate.replacements.select_related("sheet__batch").order_by("replaced_on", "id")


def exports_for(institution: Institution) -> QuerySet[CertificateExport]:
    return CertificateExport.objects.filter(institution=institution).select_related(
        "sitting", "created_by", "sent_by"
    )


def export_get(*, institution: Institution, export_id) -> CertificateExport | None:
    try:
        return exports_for(institution).get(pk=int(export_id))
    except (CertificateExport.DoesNotExist, ValueError, TypeError, OverflowError):
        return None


def sittings_with_certificates(institution: Institution) -> QuerySet[Sitting]:
    return Sitting.objects.filter(
        institution=institution, issue_registers__certificates__isnull=False
    ).distinct()


def verify_key(*, number: str, name: str) -> tuple[str, str] | None:
    """The (number, holder name) a public lookup searches for, or None when the input cannot
    name a certificate (malformed number, empty name): the one normalisation the routed views
    and the ASGI fast path (fastpath.py) share."""
    try:
        parsed = parse_number(number)
    except DomainError:
        return None
    holder = " ".join((name or "").split())
    if not holder or "\x00" in holder:  # no name holds NUL (PostgreSQL refuses it in text)
        return None
    return str(parsed), holder


def certificate_verify(*, number: str, name: str, replacements: bool = True) -> Certificate | None:
    """Public lookup by number and holder name; None whatever the reason (neutral answer).
    One query: with `replacements` (the card lists reprints) they come in the same statement
    (a LEFT JOIN); the JSON answer has no reprints and reads the certificate row alone."""
    key = verify_key(number=number, name=name)
    if key is None:
        return None
    found = Certificate.objects.filter(number=key[0], holder_name=key[1])
    return _with_replacements(found) if replacements else found.first()


def certificate_by_token(*, number: str, token: str) -> Certificate | None:
    """QR landing: the token proves the number, so no name is asked."""
    try:
        parsed = parse_number(number)
    except DomainError:
        return None
    if not token_matches(str(parsed), token):
        return None
    return _with_replacements(Certificate.objects.filter(number=str(parsed)))


def _with_replacements(found: QuerySet[Certificate]) -> Certificate | None:
    """The one certificate of `found` (a filter on its unique number) with its reprints in
    the same statement: one row per replacement (or one with NULLs) by a LEFT JOIN, the
    replacements handed to `certificate.replacements.all()` as prefetch_related would."""
    rows = list(
        found.annotate(
            reprint_id=F("replacements__id"),
            reprint_reason=F("replacements__reason"),
            reprint_on=F("replacements__replaced_on"),
        ).order_by("-reprint_on", "-reprint_id")  # Replacement.Meta.ordering
    )
    if not rows:
        return None
    certificate = rows[0]
    reprints = [
        Replacement(id=r.reprint_id, certificate=certificate, reason=r.reprint_reason,
                    replaced_on=r.reprint_on, institution_id=certificate.institution_id)
        for r in rows
        if r.reprint_id is not None
    ]  # fmt: skip
    cached = certificate.replacements.all()
    cached._result_cache, cached._prefetch_done = reprints, True
    certificate._prefetched_objects_cache = {"replacements": cached}
    return certificate
