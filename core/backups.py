"""Backups of everything the blog cannot rebuild: the database and the uploads.

A backup is a folder with `database.dump` (PostgreSQL: `pg_dump --format=custom`; SQLite: a
consistent copy made with SQLite's backup API, `database.sqlite3`), `media.tar.gz` (every
upload, from MEDIA_ROOT or from the S3 bucket) and `manifest.json`. `manage.py backup` makes
one, `manage.py restore` puts one back (the database dropped and recreated from the dump, the
uploads written back). The tools are the database's own: pg_dump/pg_restore of the server's
major version must be installed (`postgresql-client`). Static files are not backed up: they come
from the code (`collectstatic`).
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections
from django.utils import timezone

DUMP = "database.dump"
SQLITE = "database.sqlite3"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _database(alias="default"):
    return settings.DATABASES[alias]


def _pg_env(db):
    """libpq variables for pg_dump/pg_restore (the password never on a command line)."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _run(args, env):
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()[-2000:]}")
    return result


def _is_postgres(db):
    return db["ENGINE"].endswith("postgresql")


def _media_storage():
    return storages["default"]


def _walk(storage, folder=""):
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}{name}"
    for directory in directories:
        yield from _walk(storage, f"{folder}{directory}/")


def backup(target):
    """Write a backup into the folder `target` (created); return the manifest."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=False)
    db = _database()
    if _is_postgres(db):
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={target / DUMP}",
                db["NAME"],
            ],
            _pg_env(db),
        )
        database_file = DUMP
    else:
        source = sqlite3.connect(db["NAME"])
        copy = sqlite3.connect(target / SQLITE)
        with copy:
            source.backup(copy)
        copy.close()
        source.close()
        database_file = SQLITE
    storage = _media_storage()
    count = 0
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        for name in sorted(_walk(storage)) if _has_media(storage) else []:
            with storage.open(name, "rb") as handle:
                data = handle.read()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            count += 1
    manifest = {
        "created": timezone.now().isoformat(),
        "database": database_file,
        "engine": db["ENGINE"],
        "media": MEDIA,
        "media_files": count,
        "media_storage": getattr(settings, "MEDIA_STORAGE", "filesystem"),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def _has_media(storage):
    try:
        storage.listdir("")
    except FileNotFoundError:
        return False
    return True


def restore(source):
    """Replace the database and put the uploads back from the backup folder `source`."""
    source = Path(source)
    manifest = json.loads((source / MANIFEST).read_text())
    db = _database()
    connections.close_all()
    if _is_postgres(db):
        if manifest["database"] != DUMP:
            raise BackupError("this backup is of a SQLite database; the database here is PostgreSQL")
        env = _pg_env(db)
        maintenance = "postgres"
        name = db["NAME"].replace('"', '""')
        drop, create = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'
        _run(
            [
                "psql",
                "--no-psqlrc",
                "-v",
                "ON_ERROR_STOP=1",
                "--dbname",
                maintenance,
                "-c",
                drop,
                "-c",
                create,
            ],
            env,
        )
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={db['NAME']}",
                str(source / DUMP),
            ],
            env,
        )
    else:
        if manifest["database"] != SQLITE:
            raise BackupError("this backup is of a PostgreSQL database; the database here is SQLite")
        shutil.copyfile(source / SQLITE, db["NAME"])
    storage = _media_storage()
    count = 0
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        for member in archive.getmembers():
            if not member.isfile() or member.name.startswith("/") or ".." in Path(member.name).parts:
                continue
            data = archive.extractfile(member).read()
            if storage.exists(member.name):
                storage.delete(member.name)
            storage.save(member.name, ContentFile(data))
            count += 1
    return {**manifest, "restored_media_files": count}
