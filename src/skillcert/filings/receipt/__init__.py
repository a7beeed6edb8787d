"""The receipt letter (备案回执), the filing number and publication (INST-04, INST-12)."""
