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
