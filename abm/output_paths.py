"""Refusing an output path before anything runs, by one rule for every command that writes.

Permission bits are not enough: a user running as root passes every ``os.access`` check, and
folders such as ``/proc`` accept no new files whatever their bits say. So the check tries what
writing will do, creating and removing an empty folder in the nearest folder that exists.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from abm.params import ParameterError


def nearest_existing(path: Path) -> Path:
    """``path`` itself if it exists, else its nearest ancestor that does."""
    path = Path(path).resolve()
    while not path.exists():
        path = path.parent
    return path


def check_can_create_under(flag: str, path: Path, folder: Path | None = None) -> None:
    """ParameterError naming ``flag`` and ``path`` unless something can be created in ``folder``
    (default ``path``): a folder that exists, or a path whose nearest existing ancestor is a
    writable folder."""
    where = nearest_existing(path if folder is None else folder)
    if not where.is_dir():
        raise ParameterError(f"{flag}={str(path)!r}: {where} is a file, not a folder")
    times = os.stat(where)
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".crossforce-probe-", dir=where))
    except OSError as error:
        raise ParameterError(f"{flag}={str(path)!r}: cannot write under {where} ({error.strerror})") from None
    with contextlib.suppress(OSError):  # a refused command leaves even the folder's times as they were
        os.utime(where, ns=(times.st_atime_ns, times.st_mtime_ns))


def check_not_the_working_folder(flag: str, path: Path) -> None:
    """ParameterError unless ``path`` is a folder of its own: a command that replaces its output
    folder must never be pointed at the folder it runs in, or one that holds it."""
    here, target = Path.cwd().resolve(), Path(path).resolve()
    if here == target or here.is_relative_to(target):
        raise ParameterError(
            f"{flag}={str(path)!r}: is the current folder or holds it; give a folder of its own"
        )
