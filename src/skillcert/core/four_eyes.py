"""Four eyes (四眼原则, REC-09): the maker of a record that decides a result never approves it.

One check for every approve/confirm service (issue register review CERT-04, violation
confirmation VIOL-05, ...), so the rule and its message are the same everywhere.
"""

from skillcert.core.errors import DomainError
from skillcert.core.users import user_label


def _pk(user) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def require_other_person(
    *,
    maker,
    approver,
    rule: str,
    record: str,
    may_approve: str,
    made: str = "编制",
    act: str = "审核",
) -> None:
    """Refuse when `approver` is the user who made the record.

    `record` names what is approved ("核发名册"), `may_approve` who may approve instead
    ("本机构另一名负责人或考务人员"), `made`/`act` the verbs ("编制"/"审核",
    "记录"/"确认"). Records made by the system (no maker, e.g. an
    import or a command) can be approved by anyone allowed to.
    """
    maker_pk = _pk(maker)
    if maker_pk is None or maker_pk != _pk(approver):
        return
    raise DomainError(
        "four_eyes",
        f"{record}由{user_label(maker)}{made}，{made}人不能自行{act}；请由{may_approve}{act}（{rule}）",
        rule=rule,
    )
