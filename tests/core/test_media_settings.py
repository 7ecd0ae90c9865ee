"""Production leaves /media/ to nginx or the object store unless the operator says so, and
MEDIA_STORAGE=s3 is refused without a bucket. (Uploads to a real S3 server: tests/servers/.)"""

import os
import subprocess
import sys

from tests.test_settings import GOOD, ROOT, load_production

PROBE = (
    "import django; django.setup()\n"
    "from django.conf import settings; from django.urls import resolve, Resolver404\n"
    "try:\n    resolve('/media/avatars/a.png'); print('served', settings.SERVE_MEDIA)\n"
    "except Resolver404:\n    print('not served', settings.SERVE_MEDIA)\n"
    "print(settings.STORAGES['default']['BACKEND'])\n"
)


def probe(**env):
    environment = {k: v for k, v in os.environ.items() if k not in GOOD and k != "SERVE_MEDIA"}
    environment.update({**GOOD, **env, "DJANGO_SETTINGS_MODULE": "config.settings.production"})
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")


def test_production_does_not_serve_media_by_default():
    assert probe()[:2] == ["not served False", "django.core.files.storage.FileSystemStorage"]


def test_unless_the_operator_says_so():
    assert probe(SERVE_MEDIA="1")[0] == "served True"


def test_s3_storage_and_its_bucket():
    assert probe(MEDIA_STORAGE="s3", AWS_STORAGE_BUCKET_NAME="b")[1] == "storages.backends.s3.S3Storage"
    refused = load_production(MEDIA_STORAGE="s3")
    assert refused.returncode != 0 and "AWS_STORAGE_BUCKET_NAME" in refused.stderr
    unknown = load_production(MEDIA_STORAGE="ftp")
    assert unknown.returncode != 0 and "MEDIA_STORAGE" in unknown.stderr
