"""The production application: `gunicorn skillcert.asgi -k uvicorn_worker.UvicornWorker`.

Django serves every page; on PostgreSQL the exam autosave endpoint is answered by
exams/fastpath.py with group commit (see there and README: the autosave load bench), exam
sign-in by exams/signin_fast.py (the entry rush) and the public verification's JSON by
certificates/fastpath.py (README: the verification bench)."""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.settings")
if not settings.configured:  # a server starting, not a test importing this module
    os.environ["SKILLCERT_SERVER"] = "asgi"  # settings: pooled, not persistent, connections
django_application = get_asgi_application()
# Load every app's views and API now, so a server started with a preloading master (gunicorn
# --preload) imports them once before forking and a (re)started worker answers at once.
get_resolver().url_patterns  # noqa: B018 - imported for its side effect

from skillcert.certificates.fastpath import with_verify_fast_path  # noqa: E402 - apps loaded
from skillcert.exams.fastpath import with_exam_fast_path  # noqa: E402 - needs apps loaded

application = with_verify_fast_path(with_exam_fast_path(django_application))

# Exam entry rush (issue 14 item 5): POST /exam/api/signin answered before Django (PostgreSQL).
from skillcert.exams.signin_fast import with_signin_fast_path  # noqa: E402 - needs apps loaded

application = with_signin_fast_path(application)
