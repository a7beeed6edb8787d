"""Issue 16 item 1: a score sheet too large to read is a form error, never a dead process."""

import io

import pytest

from skillcert.scoring.models import Result
from skillcert.scoring.sheets import COLUMNS
from tests.sheet_bombs import KILL, SLOW, bomb, bounded


@pytest.mark.parametrize("far", [KILL, SLOW])
def test_an_oversized_score_sheet_upload_is_refused(client, staff, sitting, enrol, far):
    reg = enrol(sitting, 1)[0]
    data = bomb(COLUMNS, [str(reg.pk), reg.person.name, "", "80", "80"], far=far)
    client.force_login(staff)

    def post():
        upload = io.BytesIO(data)
        upload.name = "s.xlsx"
        url = f"/i/{sitting.institution_id}/sittings/{sitting.pk}/scores/upload/"
        resp = client.post(url, {"file": upload})
        return resp.status_code, resp.content.decode()

    status, page = bounded(post)[1]
    assert status == 200 and "表格超过60000行" in page
    assert not Result.objects.exists()
