"""The authority's supervision: random checks, credit, annual inspection (INST-09, -10)."""
