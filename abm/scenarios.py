"""Scenario presets: named parameter overrides in TOML, each citing its source.

A scenario file (``runs/scenarios/<name>.toml``) has a ``[scenario]`` table
(``title``, ``description``, ``sources``) and a ``[params]`` table of overrides in
the schema's names, with ``[params.capabilities.<name>]`` tables for catalogue fields.
The CLI, the batch runner and the dashboard all load scenarios through here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from abm.params import ModelParams, ParameterError, make_params, read_toml, table

SCENARIO_DIR = Path(__file__).resolve().parents[1] / "runs" / "scenarios"


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    description: str
    sources: tuple[str, ...]
    overrides: dict[str, Any] = field(default_factory=dict)

    def params(self, extra: dict[str, Any] | None = None) -> ModelParams:
        """The scenario's parameters, with further overrides (e.g. from the command line) on top."""
        merged = merge_overrides(self.overrides, extra or {})
        return make_params(merged)


def merge_overrides(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Overrides on top of overrides; capability tables are merged field by field."""
    merged = {k: v for k, v in base.items() if k != "capabilities"}
    merged.update({k: v for k, v in extra.items() if k != "capabilities"})
    caps: dict[str, dict[str, Any]] = {}
    for source in (base.get("capabilities", {}), extra.get("capabilities", {})):
        for name, fields in table(source, "capabilities").items():
            caps.setdefault(name, {}).update(table(fields, f"capabilities.{name}"))
    if caps:
        merged["capabilities"] = caps
    return merged


def available(directory: Path = SCENARIO_DIR) -> list[str]:
    """Names of the scenario presets, alphabetically."""
    return sorted(p.stem for p in directory.glob("*.toml"))


def load_scenario(name_or_path: str, directory: Path = SCENARIO_DIR) -> Scenario:
    """Load a preset by name, or a scenario file by path; ParameterError names what is wrong."""
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = directory / f"{name_or_path}.toml"
    if not path.is_file():
        known = ", ".join(available(directory))
        raise ParameterError(f"scenario={name_or_path!r}: no such scenario (known: {known})")
    data = read_toml(path, "scenario file")
    unknown = sorted(set(data) - {"scenario", "params"})
    if unknown:
        raise ParameterError(
            f"scenario file {path}: unknown table [{unknown[0]}] (use [scenario] and [params])"
        )
    meta = table(data.get("scenario", {}), f"scenario file {path}: [scenario]")
    unknown = sorted(set(meta) - {"title", "description", "sources"})
    if unknown:
        raise ParameterError(
            f"scenario file {path}: unknown key {unknown[0]!r} in [scenario] (title, description, sources)"
        )
    title, description = meta.get("title", path.stem), meta.get("description", "")
    sources = meta.get("sources", [])
    if not isinstance(title, str) or not isinstance(description, str):
        raise ParameterError(f"scenario file {path}: [scenario] title and description must be text")
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ParameterError(f"scenario file {path}: [scenario] sources must be a list of texts")
    scenario = Scenario(
        name=path.stem,
        title=title,
        description=description,
        sources=tuple(sources),
        overrides=table(data.get("params", {}), f"scenario file {path}: [params]"),
    )
    scenario.params()  # validate now, so a bad file fails before anything runs
    return scenario
