"""The output folder of a sweep: part files committed atomically, a ledger, a manifest.

Layout of ``DIR``::

  manifest.json          experiment, seeds, package versions, git commit, code fingerprint, sessions
  plan.parquet           every run: run_index, point, replicate, seed, varied parameters
  final/part-*.parquet   one row per finished run: all parameters and the final metrics
  model_series/...       the time-series tables the experiment asked for (tidy: one row
  capability_series/...  per run and quarter [and capability / force])
  errors/part-*.parquet  runs that raised: the error and its traceback
  runs/part-*.parquet    the ledger: run_index, status ("ok"/"error"), seconds

Each table is a folder of Parquet parts that ``pandas.read_parquet(DIR / "final")``
reads as one table. Runs are written in chunks. A chunk's parts share one name; each is
written to a hidden temporary file (pyarrow skips names starting with "."), flushed to
disk and renamed into place; the ledger part is renamed last. A run is "done" only when
its ledger part exists, so a sweep killed at any moment leaves either a whole chunk or
parts without a ledger, which the next start deletes before finishing the missing runs:
nothing is lost and nothing duplicated.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from abm.output_paths import check_can_create_under
from abm.params import ParameterError

LEDGER = "runs"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (temporary name, fsync, rename, fsync folder)."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _stage_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """Write a table to a hidden temporary beside ``path``, durably; the caller renames it."""
    tmp = path.with_name(f".{path.name}.tmp")
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp)
    with tmp.open("rb+") as handle:
        os.fsync(handle.fileno())
    return tmp


def write_table_atomic(frame: pd.DataFrame, path: Path) -> None:
    """A single result table (Parquet, or CSV by suffix) written whole or not at all."""
    if path.suffix == ".csv":
        atomic_write_bytes(path, frame.to_csv(index=False).encode())
    else:
        os.replace(_stage_parquet(frame, path), path)
        _fsync_dir(path.parent)


class SweepStore:
    """One sweep's output folder. Open it with :meth:`open`, which locks it and recovers it."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock: int | None = None
        self._seq = 0
        # unique per session, even for two sessions of one process in one second: a part
        # must never replace another session's part
        self._session = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{secrets.token_hex(4)}"

    # --- opening, locking, recovering ---------------------------------------------------------
    @staticmethod
    def check(root: Path, fingerprint: str, code: str) -> None:
        """Refuse a folder we must not write into, before anything is written: another
        experiment's, or this experiment's run by different model code (resuming would mix
        the results of two models)."""
        root = Path(root)
        if root.exists() and not root.is_dir():
            raise ParameterError(f"--out={str(root)!r}: exists and is not a folder")
        manifest = root / "manifest.json"
        if manifest.is_file():
            found = json.loads(manifest.read_text()).get("fingerprint")
            if found != fingerprint:
                raise ParameterError(
                    f"--out={str(root)!r}: holds a different experiment (fingerprint {found}, this one "
                    f"{fingerprint}); use a new folder, or --restart to discard it"
                )
            found_code = json.loads(manifest.read_text()).get("code")
            if found_code is not None and found_code != code:
                raise ParameterError(
                    f"--out={str(root)!r}: its runs came from different model code (code fingerprint "
                    f"{found_code}, now {code}); resuming would mix two models' results: use a new "
                    "folder, or --restart to discard it"
                )
        elif root.is_dir() and any(root.iterdir()):
            raise ParameterError(f"--out={str(root)!r}: not empty and not a sweep folder")
        check_can_create_under("--out", root)

    @contextlib.contextmanager
    def open(self) -> Iterator[SweepStore]:
        """Create, lock (one sweep per folder at a time) and recover the folder."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / ".lock", os.O_CREAT | os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise ParameterError(f"--out={str(self.root)!r}: another sweep is writing here") from None
        self._lock = fd
        try:
            self.recover()
            yield self
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
            self._lock = None

    def recover(self) -> None:
        """Delete temporaries and parts whose chunk never reached the ledger."""
        committed = {p.name for p in (self.root / LEDGER).glob("part-*.parquet")}
        for folder in self.root.iterdir():
            if not folder.is_dir():
                continue
            for part in folder.glob(".*.tmp"):
                part.unlink()
            if folder.name != LEDGER:
                for part in folder.glob("part-*.parquet"):
                    if part.name not in committed:
                        part.unlink()

    def done(self) -> set[int]:
        """Indices of runs whose rows are durably written (ok or error)."""
        parts = sorted((self.root / LEDGER).glob("part-*.parquet"))
        indices: set[int] = set()
        for part in parts:
            indices.update(pq.read_table(part, columns=["run_index"]).column(0).to_pylist())
        return indices

    # --- writing --------------------------------------------------------------------------------
    def write_chunk(self, tables: dict[str, list[pd.DataFrame]], ledger: pd.DataFrame) -> None:
        """Commit one chunk: every table's part, then the ledger part that makes it count."""
        self._seq += 1
        name = f"part-{self._session}-{self._seq:05d}.parquet"
        staged: list[tuple[Path, Path]] = []
        for table, frames in tables.items():
            frames = [f for f in frames if len(f)]
            if not frames:
                continue
            folder = self.root / table
            folder.mkdir(exist_ok=True)
            target = folder / name
            staged.append((_stage_parquet(pd.concat(frames, ignore_index=True), target), target))
        ledger_dir = self.root / LEDGER
        ledger_dir.mkdir(exist_ok=True)
        ledger_target = ledger_dir / name
        ledger_tmp = _stage_parquet(ledger, ledger_target)
        for tmp, target in staged:
            os.replace(tmp, target)
            _fsync_dir(target.parent)
        os.replace(ledger_tmp, ledger_target)
        _fsync_dir(ledger_dir)

    def write_plan(self, plan: pd.DataFrame) -> None:
        target = self.root / "plan.parquet"
        os.replace(_stage_parquet(plan, target), target)
        _fsync_dir(self.root)

    def read_manifest(self) -> dict[str, Any]:
        path = self.root / "manifest.json"
        return json.loads(path.read_text()) if path.is_file() else {}

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        atomic_write_bytes(self.root / "manifest.json", json.dumps(manifest, indent=2, default=str).encode())


def read_table(root: Path, table: str) -> pd.DataFrame:
    """One table of a sweep folder as a DataFrame (empty if no run wrote to it)."""
    folder = Path(root) / table
    if not folder.is_dir() or not any(folder.glob("part-*.parquet")):
        return pd.DataFrame()
    return pd.read_parquet(folder)
