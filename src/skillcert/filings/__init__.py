"""Filing with the authority (备案): application, review, evaluation, receipt (INST)."""
