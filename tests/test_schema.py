"""Reading the schema: one way to parse a name, find its label, its limits and its range."""

from __future__ import annotations

import pytest

from abm.params import ParameterError, make_params, scalar_fields
from abm.schema import (
    bounds,
    field_info,
    is_integer,
    label,
    plausible_range,
    split_name,
    to_override,
    value_of,
)


def test_every_parameter_has_a_label_unit_group_and_source() -> None:
    for name, info in scalar_fields().items():
        meta = info.json_schema_extra
        assert meta["label"] and meta["label"] != name, name
        assert meta["unit"] and meta["group"] and meta["source"], name


@pytest.mark.parametrize(
    ("name", "value"),
    [("duty_strength", 0.7), ("years", 3), ("capabilities.custody.fixed_cost_gbp_m", 3.5)],
)
def test_a_dotted_or_plain_name_round_trips_through_an_override(name: str, value: float) -> None:
    params = make_params(to_override(name, value))
    assert value_of(params, name) == value


@pytest.mark.parametrize("name", ["capabilities.custody", "a.b", "capabilities.custody.fixed.more"])
def test_other_dotted_names_are_refused(name: str) -> None:
    with pytest.raises(ParameterError, match=r"capabilities\.<capability>\.<field>"):
        split_name(name)


def test_ranges_limits_and_labels_of_scalars_and_capability_fields() -> None:
    assert plausible_range("duty_strength") == (0.0, 1.0)
    assert plausible_range("capabilities.covert_surveillance.national_demand_per_year") == (700.0, 1800.0)
    assert plausible_range("capabilities.custody.level") is None
    assert bounds(field_info("duty_strength")) == (0.0, 1.0)
    assert is_integer("years") and not is_integer("duty_strength")
    assert label("duty_strength") == "Duty to collaborate"
    assert label("capabilities.custody.fixed_cost_gbp_m").startswith("Custody: ")
