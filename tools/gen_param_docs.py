"""Generate ``docs/parameters.md`` from the parameter schema and the capability catalogue.

The table is never edited by hand: the schema (``abm/params.py``) and the catalogue
(``abm/capabilities.py`` for fields and units, ``abm/data/capabilities.toml`` for values,
sources and plausible ranges) are the only places a number or a source is written.

  python tools/gen_param_docs.py           write docs/parameters.md
  python tools/gen_param_docs.py --check   exit 1 if docs/parameters.md is out of date

``tests/test_docs.py`` runs the check, so a change to the schema that is not followed by
regenerating the file fails the tests.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from abm import schema  # noqa: E402
from abm.capabilities import CATALOGUE_PATH, CapabilitySpec  # noqa: E402
from abm.params import scalar_fields  # noqa: E402

OUT = ROOT / "docs" / "parameters.md"

#: Catalogue fields that are not parameters (they hold the metadata themselves).
META_FIELDS = ("sources", "plausible")


def fmt(value: Any) -> str:
    """A value as a reader expects it: integers without '.0', booleans as yes / no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return ", ".join(fmt(v) for v in value)
    return str(value)


def cell(text: Any) -> str:
    """Text made safe for one Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def bounds(field: Any) -> str:
    """The hard validation range of a pydantic field (``ge``/``le``), or its allowed values."""
    allowed = schema.choices(field)
    if allowed:
        return " / ".join(str(c) for c in allowed)
    low, high = schema.bounds(field)
    if low is not None and high is not None:
        return f"{fmt(low)} – {fmt(high)}"
    if low is not None:
        return f"≥ {fmt(low)}"
    if high is not None:
        return f"≤ {fmt(high)}"
    return "—"


def plausible_range(pair: Any) -> str:
    if not pair:
        return "—"
    low, high = pair
    return f"{fmt(low)} – {fmt(high)}"


def scalar_table() -> list[str]:
    lines = [
        "| name | label | default | unit | valid range | plausible range | group | help | source |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, field in scalar_fields().items():
        extra = schema.extra(field)
        lines.append(
            "| "
            + " | ".join(
                cell(x)
                for x in (
                    f'<a id="{name}"></a>`{name}`',
                    extra.get("label", ""),
                    fmt(field.default),
                    extra.get("unit", ""),
                    bounds(field),
                    plausible_range(extra.get("plausible")),
                    extra.get("group", ""),
                    field.description or "",
                    extra.get("source", ""),
                )
            )
            + " |"
        )
    return lines


def capability_fields() -> dict[str, Any]:
    return {n: f for n, f in CapabilitySpec.model_fields.items() if n not in META_FIELDS}


def field_table() -> list[str]:
    lines = ["| field | unit | valid range | meaning |", "|---|---|---|---|"]
    for name, field in capability_fields().items():
        lines.append(
            f"| `{name}` | {cell(schema.extra(field).get('unit', ''))} | {cell(bounds(field))} "
            f"| {cell(field.description or '')} |"
        )
    return lines


def read_catalogue(path: Path = CATALOGUE_PATH) -> dict[str, dict[str, Any]]:
    """The catalogue file as written (to tell values set in the file from schema defaults)."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def capability_table(name: str, raw: dict[str, Any]) -> list[str]:
    spec = CapabilitySpec(**raw)
    sources = raw.get("sources", {})
    plausible = raw.get("plausible", {})
    lines = [
        f'### <a id="{name}"></a>{spec.label} (`{name}`)',
        "",
        "| field | value | unit | plausible range | source |",
        "|---|---|---|---|---|",
    ]
    for field_name, field in capability_fields().items():
        if field_name == "label":
            continue
        value = getattr(spec, field_name)
        if field_name in raw:
            source = sources.get(field_name, "(no source line in the catalogue)")
        else:
            source = "schema default (abm/capabilities.py); not set in the catalogue"
        lines.append(
            "| "
            + " | ".join(
                cell(x)
                for x in (
                    f"`{field_name}`",
                    fmt(value),
                    schema.extra(field).get("unit", ""),
                    plausible_range(plausible.get(field_name)),
                    source,
                )
            )
            + " |"
        )
    return lines


def render() -> str:
    """The whole of docs/parameters.md."""
    catalogue = read_catalogue()
    lines = [
        "# Parameters",
        "",
        "<!-- Generated by tools/gen_param_docs.py from abm/params.py, abm/capabilities.py and",
        "     abm/data/capabilities.toml. Do not edit by hand: edit the schema or the catalogue,",
        "     then run `python tools/gen_param_docs.py`. tests/test_docs.py checks this file. -->",
        "",
        "This file lists every parameter of the model as declared in the schema. *Valid range* is",
        "the hard limit the schema enforces (a value outside it is refused); *plausible range* is",
        "the range used for sensitivity analysis and calibration. A source reading *assumed* means",
        "the value is the modellers' judgement, not a measurement. Seeds are the documents in",
        "`shared/seeds/` (see docs/ODD.md); `shared/data/README.md` lists the public statistics.",
        "",
        "Change a scalar parameter with `crossforce run --set name=value`, a capability field with",
        "`--set capabilities.<capability>.<field>=value`, or in a scenario file",
        "(`runs/scenarios/*.toml`). `crossforce params` prints the same schema in the terminal.",
        "",
        "## Scalar parameters",
        "",
        *scalar_table(),
        "",
        "## Capability catalogue",
        "",
        "Each capability is described by the same fields. Costs are per team and per year",
        "(2025-26 prices) unless the unit says otherwise.",
        "",
        *field_table(),
        "",
    ]
    for name, raw in catalogue.items():
        lines += [*capability_table(name, raw), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate docs/parameters.md from the parameter schema.")
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/parameters.md is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.is_file() else None
        if current != text:
            print(
                f"{OUT.relative_to(ROOT)} is out of date: run `python tools/gen_param_docs.py`",
                file=sys.stderr,
            )
            return 1
        print(f"{OUT.relative_to(ROOT)} is up to date")
        return 0
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
