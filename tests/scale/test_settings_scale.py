"""The scaled-out settings (issue 15) are env-driven and fail fast with a clear message;
without the variables `make run` and the tests keep SQLite, local disk and local memory."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from skillcert.settings import file_storage

from .conftest import ROOT, child_env


def test_no_storage_url_is_local_disk():
    assert file_storage("") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert file_storage("file:///srv/skillcert/media")["OPTIONS"] == {
        "location": "/srv/skillcert/media"
    }


def test_s3_storage_url():
    backend = file_storage("s3://AK:S%2FK@oss.example.cn:9000/bucket/sk/media?region=cn-1")
    assert backend["BACKEND"] == "storages.backends.s3.S3Storage"
    options = backend["OPTIONS"]
    assert options["bucket_name"] == "bucket" and options["location"] == "sk/media"
    assert options["endpoint_url"] == "https://oss.example.cn:9000"
    assert options["region_name"] == "cn-1"
    assert (options["access_key"], options["secret_key"]) == ("AK", "S/K")
    assert options["default_acl"] is None and options["file_overwrite"] is False
    plain = file_storage("s3://minio:9000/b?tls=false")["OPTIONS"]
    assert plain["endpoint_url"] == "http://minio:9000" and "access_key" not in plain


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://host/b", "STORAGE_URL must be file:///dir or s3://host/bucket"),
        ("s3://host", "needs a host and a bucket"),
        ("s3:///bucket", "needs a host and a bucket"),
        ("s3://host/b?tls=maybe", "tls must be true or false"),
        ("s3://host/b?acl=public-read", "unknown option 'acl'"),
        ("file://relative/dir", "absolute path"),
    ],
)
def test_bad_storage_url_fails_fast(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        file_storage(url)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"STORAGE_URL": "s3://host"}, "needs a host and a bucket"),
        ({"REDIS_URL": "127.0.0.1:6379"}, "REDIS_URL must be a redis://"),
        ({"TASKS_BACKEND": "celery"}, "TASKS_BACKEND must be 'db', 'rq' or 'immediate'"),
        ({"DATABASE_REPLICA_URL": "nonsense"}, "DATABASE_REPLICA_URL is not a database URL"),
        (
            {"DATABASE_REPLICA_URL": "postgres://postgres@127.0.0.1:5432/x"},
            "DATABASE_REPLICA_URL must be the same kind as DATABASE_URL",
        ),
    ],
)
def test_bad_scale_variables_stop_the_start(env, message, tmp_path):
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT, env=child_env(SKILLCERT_VAR=tmp_path, **env) | {"DATABASE_URL": ""},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert out.returncode != 0 and message in out.stderr


def test_replica_url_adds_the_alias_and_the_router(tmp_path):
    from .conftest import run_child

    url = "postgres://postgres@127.0.0.1:5432/unused"  # never connected
    out = run_child(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SKILLCERT_READ_REPLICA, s.DATABASES['replica']['NAME'], s.DATABASE_ROUTERS)",
        DATABASE_URL=url,
        DATABASE_REPLICA_URL=url.replace("unused", "replica"),
        SKILLCERT_VAR=tmp_path,
    )
    assert out.strip().split(None, 2) == [
        "replica",
        "replica",
        "['skillcert.core.replica.ReplicaRouter']",
    ]
