"""Paper-exam records (EXAM-11, EXAM-12): return register, item-error report, pledges, the
paper store's duty log."""
