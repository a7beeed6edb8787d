"""The sitting's implementation plan (实施方案, INST-13), the candidate list's re-check by the
authority (复审, PLAN-11) and the guidance centre's approval of levels 2 and 1 (INST-16).

It lives in arrangement because the plan is built from the sitting's rooms, seating and
staffing; tickets (arrangement) and online exams (exams, above) ask `gate.sitting_refusal`."""
