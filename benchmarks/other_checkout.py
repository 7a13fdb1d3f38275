"""Running another checkout's model (a commit's worktree or archive) beside this one.

Its ``abm`` and ``dashboards`` are importable from its folder by ``PYTHONPATH``, but the agents
install under another name than their folder's (``crossforce_agents`` from ``agents``:
pyproject.toml's package-dir), so the installed, editable checkout's agents would be imported
instead of the other checkout's, and a side-by-side timing would mix the two. A link under the
installed name, in the other checkout's folder, makes its own agents the ones found first.
"""

from __future__ import annotations

from pathlib import Path

THIS_CHECKOUT = Path(__file__).resolve().parents[1]


def importable(folder: Path) -> dict[str, str]:
    """Make the checkout in ``folder`` importable whole; returns the environment entries to run it
    with (add them to a copy of ``os.environ``)."""
    link = folder / "crossforce_agents"
    if folder.resolve() != THIS_CHECKOUT and (folder / "agents").is_dir() and not link.exists():
        link.symlink_to("agents", target_is_directory=True)
    return {"PYTHONPATH": str(folder)}
