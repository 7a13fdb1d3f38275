"""The documentation matches the schema, and every parameter says what it is and where it comes from."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from abm.capabilities import CapabilitySpec
from abm.params import scalar_fields

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT / "tools" / "gen_param_docs.py"

#: Catalogue fields that classify a capability rather than measure it.
CLASSIFICATION_FIELDS = ("level", "demand_driver", "national_available", "initial_mode")


def load_tool():
    spec = importlib.util.spec_from_file_location("gen_param_docs", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    return load_tool()


@pytest.fixture(scope="module")
def catalogue(tool):
    return tool.read_catalogue()


def test_parameters_md_is_up_to_date():
    result = subprocess.run(
        [sys.executable, str(TOOL), "--check"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_check_mode_detects_a_stale_file(tool, tmp_path, monkeypatch):
    stale = tmp_path / "parameters.md"
    stale.write_text(tool.render().replace("duty_strength", "duty_strenght", 1), encoding="utf-8")
    monkeypatch.setattr(tool, "OUT", stale)
    monkeypatch.setattr(tool, "ROOT", tmp_path)
    assert tool.main(["--check"]) == 1


def test_every_scalar_parameter_is_listed(tool):
    text = tool.render()
    for name in scalar_fields():
        assert f"`{name}`" in text, name


@pytest.mark.parametrize("name", list(scalar_fields()))
def test_scalar_parameter_has_unit_source_group_and_help(name):
    field = scalar_fields()[name]
    extra = field.json_schema_extra or {}
    assert str(extra.get("unit", "")).strip(), f"{name}: no unit"
    assert str(extra.get("source", "")).strip(), f"{name}: no source"
    assert str(extra.get("group", "")).strip(), f"{name}: no group"
    assert (field.description or "").strip(), f"{name}: no help"


@pytest.mark.parametrize("name", list(scalar_fields()))
def test_scalar_plausible_range_is_valid_and_holds_the_default(name):
    field = scalar_fields()[name]
    plausible = (field.json_schema_extra or {}).get("plausible")
    if plausible is None:
        return
    low, high = plausible
    assert low <= field.default <= high, f"{name}: default {field.default} outside plausible {plausible}"
    ge = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
    le = next((m.le for m in field.metadata if hasattr(m, "le")), None)
    assert ge is None or low >= ge, f"{name}: plausible {plausible} below the valid minimum {ge}"
    assert le is None or high <= le, f"{name}: plausible {plausible} above the valid maximum {le}"


def test_every_capability_field_has_a_unit():
    for name, field in CapabilitySpec.model_fields.items():
        if name in ("sources", "plausible"):
            continue
        extra = field.json_schema_extra or {}
        assert str(extra.get("unit", "")).strip(), f"capability field {name}: no unit"


def test_every_capability_quantity_has_a_source_line(catalogue):
    missing = [
        f"{cap}.{field}"
        for cap, raw in catalogue.items()
        for field in raw
        if field not in ("label", "sources", "plausible", *CLASSIFICATION_FIELDS)
        and not str(raw.get("sources", {}).get(field, "")).strip()
    ]
    assert not missing, f"values without a line in [<capability>.sources]: {missing}"


def test_every_capability_classification_has_a_source_line(catalogue):
    missing = [
        f"{cap}.{field}"
        for cap, raw in catalogue.items()
        for field in CLASSIFICATION_FIELDS
        if field in raw and not str(raw.get("sources", {}).get(field, "")).strip()
    ]
    assert not missing, f"classifications without a source line: {missing}"


def test_sources_and_plausible_ranges_name_real_fields(catalogue):
    known = set(CapabilitySpec.model_fields)
    for cap, raw in catalogue.items():
        for table in ("sources", "plausible"):
            stray = sorted(set(raw.get(table, {})) - known)
            assert not stray, f"[{cap}.{table}] names unknown fields {stray}"


def test_capability_plausible_ranges_hold_the_value(catalogue):
    for cap, raw in catalogue.items():
        spec = CapabilitySpec(**raw)
        for field, (low, high) in raw.get("plausible", {}).items():
            value = getattr(spec, field)
            assert low <= value <= high, f"{cap}.{field}={value} outside plausible [{low}, {high}]"


def test_citation_names_the_installed_version():
    """CITATION.cff must cite the version that pyproject.toml builds (bump both together)."""
    cited = re.search(r"^version: (\S+)$", (ROOT / "CITATION.cff").read_text(), re.MULTILINE)
    assert cited is not None and cited.group(1) == version("crossforce")
