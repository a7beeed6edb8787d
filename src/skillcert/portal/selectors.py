"""What the home page shows each user: the institutions he may open, or his own registrations."""

from skillcert.filings.evaluation.selectors import evaluations_of_expert
from skillcert.institutions.models import Institution
from skillcert.institutions.selectors import authority_of, institutions_for_user
from skillcert.scoring.selectors import candidate_registrations

HOME_LIST = 50  # institutions listed on the home page (authority staff may see many)

__all__ = [
    "candidate_registrations",
    "home_institutions",
    "is_candidate",
    "is_authority_staff",
    "is_evaluation_expert",
]


def home_institutions(user) -> list[Institution]:
    return list(institutions_for_user(user)[:HOME_LIST])


def is_authority_staff(user) -> bool:
    return authority_of(user) is not None


def is_candidate(user, institutions: list[Institution]) -> bool:
    """Everyone who is neither a member nor authority staff is a candidate, linked to a person
    or not yet: an unlinked account sees the same page (and the claim-code box), so the page
    does not tell whether sign-up found the ID on file (issue 16 item 2)."""
    return not institutions and not is_authority_staff(user)


def is_evaluation_expert(user) -> bool:
    """An expert named to a filing's technical evaluation group (INST-03): often neither staff
    nor member, so the home page is his only way to the evaluation sheets."""
    return evaluations_of_expert(user=user).exists()
