from skillcert.institutions.models import Institution


def test_filed_institution_has_sample_scope(institution):
    """INST-12: the factory's institution carries the Henan-manual sample scope for 车工."""
    assert institution.status == Institution.FILED
    assert institution.filing_number.startswith("Y00004101")
    assert sorted(r.levels for r in institution.scope_rows.all()) == ["4321", "4321", "5"]
