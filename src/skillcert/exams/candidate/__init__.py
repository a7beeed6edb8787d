"""The candidate's side of an online exam (EXAM-05..07): the sign-in page and the exam page
(`views`), and the token-authenticated JSON endpoints the exam page talks to (`api`; the
autosave hot path is answered by exams/fastpath.py before Django)."""
