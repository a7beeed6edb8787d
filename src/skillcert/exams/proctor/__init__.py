"""The proctor's side of an online exam (EXAM-05, EXAM-08, EXAM-10): the console pages
(`views`) and the proctor's audited actions (`services`: extra time, incidents, force submit).
The JSON API for exam-affairs staff is exams/api.py."""
