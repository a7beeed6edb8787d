"""What every filing write shares: an application the applicant may still edit."""

from __future__ import annotations

from skillcert.core.errors import DomainError

from ..models import FilingApplication as A


def _editable(application: A) -> A:
    application = A.objects.select_for_update().get(pk=application.pk)
    if not application.editable:
        raise DomainError(
            "filing_locked",
            f"申请处于“{application.get_state_display()}”环节，不能修改；退回后方可修改",
            rule="INST-02",
        )
    return application


# --- registration (INST-01) --------------------------------------------------------------------
