"""skillcert: vocational skill assessment (职业技能等级认定) from filing to verified certificate."""
