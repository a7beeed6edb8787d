"""Staffing of a sitting (ARR-03..09): site staff, proctors by lot and examiner panels.

The app's inner shape again: `problem` (the solver's frozen input and output types),
`build` (the problem read from the models), `solver` (CP-SAT, a pure module) with `check`
(a plan against the rules) and `explain` (why no plan exists), `services` (writes, audited),
`selectors` (reads) and `views` (the staffing pages). The JSON API is in arrangement/api.py.
"""
