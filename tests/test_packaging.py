"""The installed package lists every Python package of the project, and the agents' folder
(agents/, at the top as the design card asks) is importable under its own name."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_package_folder_is_installed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    folders = {v: k for k, v in config.get("package-dir", {}).items()}
    found = set()
    for init in ROOT.glob("*/**/__init__.py"):
        relative = init.parent.relative_to(ROOT).as_posix()
        if relative.split("/")[0] in ("tests", ".venv", "benchmarks", "tools", "build"):
            continue
        top, *rest = relative.split("/")
        found.add(".".join([folders.get(top, top), *rest]))
    assert found == set(config["packages"])


def test_the_agents_are_imported_from_the_top_level_folder() -> None:
    import crossforce_agents

    assert Path(crossforce_agents.__file__).resolve().parent == ROOT / "agents"
