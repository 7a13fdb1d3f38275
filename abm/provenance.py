"""Where a result came from: package versions, the CPU features numpy used, the git commit and a
hash of the model's code.

Recorded in a single run's ``run.json`` and in a sweep's ``manifest.json``, so a reported
figure can be traced to the exact model that produced it (the README's "Citing").
"""

from __future__ import annotations

import contextlib
import hashlib
import subprocess
import sys
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

PACKAGES = (
    "crossforce",
    "mesa",
    "numpy",
    "numba",
    "pandas",
    "pyarrow",
    "pydantic",
    "SALib",
    "dask",
    "distributed",
)


def package_versions() -> dict[str, str]:
    """Python's version and those of the packages a result depends on (the installed ones)."""
    found = {"python": sys.version.split()[0]}
    for name in PACKAGES:
        with contextlib.suppress(PackageNotFoundError):
            found[name] = version(name)
    return found


def cpu_features() -> dict[str, Any]:
    """The CPU's SIMD features numpy's run-time dispatch used (those this CPU has, less any the
    ``NPY_DISABLE_CPU_FEATURES`` variable switched off), with numpy's baseline and dispatch
    targets and the machine. The model's numbers do not depend on them (``abm.numerics``); they
    are recorded so that a difference between two machines can be explained."""
    import os
    import platform

    from numpy._core import _multiarray_umath as umath

    features = umath.__cpu_features__
    return {
        "machine": platform.machine(),
        "numpy_baseline": list(umath.__cpu_baseline__),
        "numpy_dispatch_targets": list(umath.__cpu_dispatch__),
        "numpy_dispatch_used": [target for target in umath.__cpu_dispatch__ if features.get(target)],
        "cpu_features": sorted(name for name, on in features.items() if on),
        "disabled_by_environment": os.environ.get("NPY_DISABLE_CPU_FEATURES", ""),
    }


def git_commit() -> dict[str, Any]:
    """The commit of the crossforce source that ran, and whether it had uncommitted changes
    (``None`` for both when the source is not a git checkout)."""
    import abm

    root = Path(abm.__file__).resolve().parents[1]
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "dirty": None, "source": str(root)}
    return {"commit": commit, "dirty": bool(dirty), "source": str(root)}


@cache
def code_fingerprint() -> str:
    """A hash of the model's own code and data (the ``abm`` package and its agents,
    ``crossforce_agents``), so a resumed sweep can tell whether the runs already on disk came from
    the same model; unlike the git commit it also sees uncommitted edits and installs without git."""
    import abm
    import crossforce_agents

    digest = hashlib.sha256()
    for package in (abm, crossforce_agents):
        root = Path(package.__file__).resolve().parent
        for path in sorted(root.rglob("*")):
            if path.suffix in (".py", ".csv", ".toml") and "__pycache__" not in path.parts:
                digest.update(f"{package.__name__}/{path.relative_to(root).as_posix()}\n".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
