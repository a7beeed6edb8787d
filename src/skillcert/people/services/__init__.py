"""Writes of the people app, one module per register (issue 10): persons (PEOPLE-01: one
record per identity document, the number encrypted), examiners and their evaluations
(PEOPLE-02..06), quality supervisors (PEOPLE-07), experts (PEOPLE-08), exam staff and the
recusal relations (PEOPLE-09/10, ARR-08); the registers' limits in `limits`."""

from .evaluations import (
    YearRatings,
    evaluation_grade,
    evaluation_years_of_term,
    examiner_evaluate,
    year_ratings,
)
from .examiners import (
    examiner_add,
    examiner_check_assignment,
    examiner_may_examine,
    examiner_renew,
    examiner_valid_on,
    minor_category,
    occupations_similar,
    person_dismissal,
)
from .experts import expert_add
from .limits import (
    EVALUATION_GRADES,
    EXPERT_LEADER_EXAMINER_YEARS,
    EXPERT_MAX_AGE,
    EXPERT_MIN_YEARS,
    MIN_TRAINING_HOURS,
    SUPERVISOR_MIN_YEARS,
)
from .persons import (
    person_build,
    person_fields,
    person_find,
    person_get_or_create,
    persons_fields,
)
from .staff import relative_add, staff_add, taught_class_add
from .supervisors import SUPERVISOR_MANAGER_ROLES, supervisor_add, supervisor_valid_on

__all__ = [
    "YearRatings",
    "EVALUATION_GRADES",
    "EXPERT_LEADER_EXAMINER_YEARS",
    "EXPERT_MAX_AGE",
    "EXPERT_MIN_YEARS",
    "MIN_TRAINING_HOURS",
    "SUPERVISOR_MANAGER_ROLES",
    "SUPERVISOR_MIN_YEARS",
    "evaluation_grade",
    "evaluation_years_of_term",
    "examiner_add",
    "examiner_check_assignment",
    "examiner_evaluate",
    "examiner_may_examine",
    "examiner_renew",
    "examiner_valid_on",
    "expert_add",
    "minor_category",
    "occupations_similar",
    "person_build",
    "person_dismissal",
    "person_fields",
    "persons_fields",
    "person_find",
    "person_get_or_create",
    "relative_add",
    "staff_add",
    "supervisor_add",
    "supervisor_valid_on",
    "taught_class_add",
    "year_ratings",
]
