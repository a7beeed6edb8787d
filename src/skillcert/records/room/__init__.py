"""The room record (考场情况记录表, REC-10): services, selectors, pages, API, PDF."""
