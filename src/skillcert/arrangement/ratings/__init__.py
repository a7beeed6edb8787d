"""The per-sitting examiner rating, 考评人员认定表 (PEOPLE-11), feeding the annual evaluation
of PEOPLE-06 (people.services.evaluations) through people.hooks.served_sittings."""
