"""Reading the parameter schema: names, labels, bounds and ranges, and dotted capability names.

The schema itself is declared once, in ``abm/params.py`` (scalar parameters) and
``abm/capabilities.py`` with ``abm/data/capabilities.toml`` (each capability's fields). Every
consumer (the CLI's ``--set``, experiment files, the dashboard's controls, the generated docs,
sensitivity analysis) reads it through these helpers, so a name is parsed and a range is found
in one way only.

A parameter is named either by its schema name (``duty_strength``) or, for a field of one
capability, as ``capabilities.<capability>.<field>`` (``capabilities.custody.fixed_cost_gbp_m``).
"""

from __future__ import annotations

import typing
from typing import Any

from pydantic.fields import FieldInfo

from abm.capabilities import CapabilitySpec, load_catalogue
from abm.params import ModelParams, ParameterError, scalar_fields

CAPABILITIES = "capabilities"


def split_name(name: str) -> tuple[str | None, str]:
    """``capabilities.<capability>.<field>`` as (capability, field); a scalar name as (None, name).
    Any other dotted name is a ParameterError."""
    parts = name.strip().split(".")
    if parts[0] == CAPABILITIES and len(parts) == 3:
        return parts[1], parts[2]
    if len(parts) != 1:
        raise ParameterError(f"{name!r}: use a parameter name or capabilities.<capability>.<field>")
    return None, parts[0]


def field_info(name: str) -> FieldInfo | None:
    """The schema's declaration of a parameter (a scalar or a capability field), or None."""
    capability, field = split_name(name)
    if capability is None:
        return scalar_fields().get(field)
    return CapabilitySpec.model_fields.get(field)


def to_override(name: str, value: Any) -> dict[str, Any]:
    """A (possibly dotted) name and a value as the nested override ``make_params`` expects."""
    capability, field = split_name(name)
    return {field: value} if capability is None else {CAPABILITIES: {capability: {field: value}}}


def value_of(params: ModelParams, name: str) -> Any:
    """Read a (possibly dotted) parameter from validated params, typed as the schema types it."""
    capability, field = split_name(name)
    return getattr(params if capability is None else params.capabilities[capability], field)


def bounds(info: FieldInfo) -> tuple[float | None, float | None]:
    """A field's hard validation limits (``ge``, ``le``); None where it declares none."""
    low = high = None
    for meta in info.metadata:
        low = getattr(meta, "ge", low)
        high = getattr(meta, "le", high)
    return low, high


def choices(info: FieldInfo) -> tuple[Any, ...]:
    """The allowed values of a field typed as a Literal (empty for any other field)."""
    return typing.get_args(info.annotation) if typing.get_origin(info.annotation) is typing.Literal else ()


def extra(info: FieldInfo) -> dict[str, Any]:
    """A scalar field's metadata: label, unit, source, group and plausible range."""
    found = info.json_schema_extra
    return found if isinstance(found, dict) else {}


def plausible_range(name: str) -> tuple[float, float] | None:
    """The schema's range for sensitivity analysis and calibration, or None if it declares none.
    A capability field's range is in its ``[<capability>.plausible]`` table."""
    capability, field = split_name(name)
    if capability is None:
        info = scalar_fields().get(field)
        pair = extra(info).get("plausible") if info is not None else None
    else:
        spec = load_catalogue().get(capability)
        pair = spec.plausible.get(field) if spec is not None else None
    return (float(pair[0]), float(pair[1])) if pair else None


def is_integer(name: str) -> bool:
    """Whether the schema types the parameter as an integer (sampled values are rounded)."""
    info = field_info(name)
    return info is not None and info.annotation in (int, "int")


def label(name: str) -> str:
    """What a user reads for a parameter: its schema label; for a capability field, the
    capability's label and the field's description."""
    capability, field = split_name(name)
    if capability is None:
        info = scalar_fields().get(field)
        return str(extra(info).get("label", field)) if info is not None else field
    spec = load_catalogue().get(capability)
    info = CapabilitySpec.model_fields.get(field)
    what = (info.description or field).rstrip(".") if info is not None else field
    return f"{spec.label if spec is not None else capability}: {what}"
