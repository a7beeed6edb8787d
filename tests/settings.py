"""Test settings: the real settings in debug mode, with tasks run inline and a fast password
hasher."""

import os

os.environ.setdefault("TASKS_BACKEND", "immediate")
os.environ.setdefault("SKILLCERT_DEBUG", "true")  # debug is opt-in (issue 16 item 17)

from skillcert.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (WhiteNoise warns otherwise)

# On PostgreSQL a second alias stands for a read replica (tests/scale/test_replica.py): the
# same test database through its own connection, read-only as a streaming replica is. Reads
# go there only where a test sets SKILLCERT_READ_REPLICA = "replica".
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES.setdefault(  # noqa: F405
        "replica",
        {
            **DATABASES["default"],  # noqa: F405
            "OPTIONS": {
                **DATABASES["default"].get("OPTIONS", {}),  # noqa: F405
                "options": "-c default_transaction_read_only=on",
            },
            "TEST": {"MIRROR": "default"},
        },
    )
SKILLCERT_READ_REPLICA = None
