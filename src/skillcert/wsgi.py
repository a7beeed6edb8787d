"""WSGI entry (runserver, or any WSGI server); production runs skillcert.asgi, whose exam
autosave endpoint commits saves in groups on PostgreSQL."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillcert.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - load views before a preloading server forks
