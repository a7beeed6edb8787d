"""The registers' limits (PEOPLE-05..08) the services of this package check."""

# PEOPLE-08: experts are at most 65 years old by default. A rules setting belongs to
# core.rules (not this app's file); until the lead adds `expert_max_age`, this is the value.
EXPERT_MAX_AGE = 65  # PEOPLE-08
SUPERVISOR_MIN_YEARS = 3  # PEOPLE-07: >= 3 years of assessment work
EXPERT_MIN_YEARS = 1  # PEOPLE-08: >= 1 year of assessment work
EXPERT_LEADER_EXAMINER_YEARS = 3  # PEOPLE-08: a group leader >= 3 years as examiner
MIN_TRAINING_HOURS = 48  # PEOPLE-05
EVALUATION_GRADES = ((90, "excellent"), (80, "good"), (60, "pass"))  # PEOPLE-06
