"""EXAM-12: the `staff` of the item-bank tests has signed the item writers' pledge (records),
as an institution's item writers do before they write; tests of the refusal use others."""

import pytest


@pytest.fixture(autouse=True)
def _staff_pledged(request):
    if "staff" not in request.fixturenames:
        return
    from skillcert.records.papers.services import pledge_sign

    staff = request.getfixturevalue("staff")
    institution = request.getfixturevalue("institution")
    pledge_sign(actor=staff, institution=institution, kind="writer")
