"""Technical evaluation of a filing application (INST-03): the group, the experts' sheets,
the group's result, the printed sheet."""
