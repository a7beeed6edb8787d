"""INST-12: the public directory lists filed institutions with their scope rows."""

import pytest

from skillcert.institutions import services as inst
from skillcert.institutions.models import Institution
from skillcert.institutions.views_public import levels_label, safe_website
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed():
    i = f.filed_institution("示范职业技术学院")
    Institution.objects.filter(pk=i.pk).update(
        contact_person="李老师",
        phone="0371-12345678",
        email="jd@example.edu.cn",
        website="www.example.edu.cn",
        address="郑州市金水区示范路1号",
    )
    return Institution.objects.get(pk=i.pk)


@pytest.fixture
def draft():
    return inst.institution_create(
        actor=None,
        kind=Institution.EMPLOYER,
        name="未备案企业",
        credit_code=f.credit_code(),
        region_code="410100",
    )


def test_inst_12_directory_shows_a_filed_institution_and_its_scope(client, filed, draft):
    response = client.get("/directory/")  # public: no login
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        filed.name,
        filed.filing_number,
        "院校",
        "李老师",
        "0371-12345678",
        "jd@example.edu.cn",
        'href="http://www.example.edu.cn"',
        "郑州市金水区示范路1号",
        "2025-01-01 至 2028-01-01",
        f'id="inst-{filed.pk}"',
        f'href="#inst-{filed.pk}"',
    ):
        assert text in html, text
    # the scope: 车工 level 5 without job type, and 数控车床/普通车床 at levels 4-1
    assert html.count("<td>6-18-01-01</td>") == 3
    assert "数控车床" in html and "普通车床" in html
    assert "四级、三级、二级、一级" in html and "五级" in html
    assert "车工国家职业技能标准" in html
    assert draft.name not in html


def test_inst_12_search_by_name_or_occupation(client, filed):
    other = f.filed_institution("另一所学校")
    html = client.get("/directory/", {"q": "示范"}).content.decode()
    assert filed.name in html and other.name not in html
    html = client.get("/directory/", {"q": "数控车床"}).content.decode()
    assert filed.name in html and other.name in html
    html = client.get("/directory/", {"q": "保育师"}).content.decode()
    assert filed.name not in html and "没有与“保育师”相关的已备案机构" in html


def test_inst_12_levels_are_written_as_in_the_scope_list():
    assert levels_label("4321") == "四级、三级、二级、一级"
    assert levels_label("5") == "五级"


def test_inst_12_website_is_never_a_script_link():
    assert safe_website("javascript:alert(1)") == ""
    assert safe_website("https://a.cn") == "https://a.cn"
    assert safe_website("www.a.cn") == "http://www.a.cn"
