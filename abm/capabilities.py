"""Specialist and support capabilities: the economics each one is decided on.

The values live in ``abm/data/capabilities.toml``, one table per capability, with a
``sources`` table (where each value comes from, or "assumed" and why) and a
``plausible`` table (the range used for sensitivity analysis). This module declares
the fields once, with their units and limits, and loads and validates the file.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

CATALOGUE_PATH = Path(__file__).with_name("data") / "capabilities.toml"

InitialMode = Literal["hold", "rocu", "national"]
DemandDriver = Literal["population", "officers"]


def spec(
    default: Any = ..., *, unit: str, help: str, ge: float | None = None, le: float | None = None
) -> Any:
    """Declare one capability field with its unit (values and sources are in the TOML)."""
    return Field(default, ge=ge, le=le, description=help, json_schema_extra={"unit": unit})


def in_sentence(label: str) -> str:
    """A capability's label inside a sentence: its first word in lower case unless it is an
    acronym ("armed response (ARVs)", "back office (HR, ICT, procurement)")."""
    first, _, rest = label.partition(" ")
    word = first if first.isupper() else first[:1].lower() + first[1:]
    return f"{word} {rest}" if rest else word


class CapabilitySpec(BaseModel):
    """One capability's economics. Every number is per team and per year unless stated."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    label: str = spec(unit="text", help="Name shown to users.")
    level: int = spec(
        ge=1,
        le=3,
        unit="NIM level",
        help="National Intelligence Model level: 1 local, 2 cross-border, 3 national (seed 002 §4.22 note).",
    )
    level2_share: float = spec(
        ge=0.0,
        le=1.0,
        unit="share of demand",
        help=(
            "Share of the capability's demand that is level-2, cross-border criminality (National "
            "Intelligence Model; seed 002 §4.22 note): the work a force's region's unit takes, if it "
            "belongs to one (otherwise its own team or partner does it, seeing only its own area)."
        ),
    )
    level3_share: float = spec(
        ge=0.0,
        le=1.0,
        unit="share of demand",
        help=(
            "Share of its demand that is level-3, national or international criminality: the national "
            "provider takes it where one exists; otherwise it is handled as level-2 work. The rest "
            "(1 - level-2 - level-3) is level-1, local work, for the force's own team or a partner's."
        ),
    )
    regional_home_office_funding: bool = spec(
        False,
        unit="yes / no",
        help="Whether the Home Office funds part of a regional unit for it (regional_grant_share).",
    )
    fixed_cost_gbp_m: float = spec(
        ge=0.0,
        le=100.0,
        unit="GBP m / team / year",
        help="Cost of keeping one team ready: salaries, training, equipment.",
    )
    smallest_team_share: float = spec(
        1.0,
        ge=0.05,
        le=1.0,
        unit="share of a team",
        help=(
            "The smallest unit a force can keep, as a share of a team, and the step in which a unit "
            "grows: 1 for units that must be crewed whole (a response vehicle, an aircraft, a custody "
            "suite); less where a unit is a number of trained posts (investigators, examiners), so a "
            "force with little work keeps a small team."
        ),
    )
    cost_per_use_gbp_k: float = spec(
        ge=0.0, le=1000.0, unit="GBP k / use", help="Marginal cost of one deployment or case."
    )
    capacity_per_team: float = spec(
        ge=1.0, le=1e7, unit="uses / team / year", help="Uses one team can handle in a year."
    )
    national_demand_per_year: float = spec(
        ge=0.0,
        le=1e8,
        unit="uses / year (England and Wales)",
        help="Expected national demand; shared among forces by effective population and concentration.",
    )
    demand_driver: DemandDriver = spec(
        "population",
        unit="population | officers",
        help="What a force's demand scales with: effective population, or its own officers (support services).",
    )
    concentration: float = spec(
        ge=0.0,
        le=3.0,
        unit="exponent on density",
        help="How strongly demand concentrates in dense urban areas (0: in proportion to population).",
    )
    proficiency_uses_per_year: float = spec(
        ge=0.0,
        le=1e6,
        unit="uses / team / year",
        help="Uses a team needs in a year to keep its skill; below it skill decays.",
    )
    skill_decay_per_quarter: float = spec(
        ge=0.0, le=1.0, unit="share / quarter", help="Skill lost in a quarter with no use at all."
    )
    time_criticality: float = spec(
        ge=0.0,
        le=1.0,
        unit="0-1",
        help="Share of an incident's harm caused by arriving late (twice the target or later).",
    )
    response_target_min: float = spec(
        ge=1.0, le=1e5, unit="minutes", help="Response time beyond which harm from lateness starts."
    )
    mobilisation_min: float = spec(ge=0.0, le=1e5, unit="minutes", help="Time to mobilise before travelling.")
    travel_speed_kmh: float = spec(
        ge=1.0, le=1000.0, unit="km / hour", help="Average travel speed (road, or air)."
    )
    harm_weight_chi_days: float = spec(
        ge=0.0,
        le=1e5,
        unit="crime harm index days / use",
        help="Harm if one use of the capability is not delivered (Cambridge Crime Harm Index days).",
    )
    public_visibility: float = spec(
        ge=0.0,
        le=1.0,
        unit="0-1",
        help=(
            "How much of the capability its force area's public sees and holds its policing body to "
            "account for (1: patrols and response in the street; 0: covert or back-room work). Scales "
            "the value voters put on keeping it under local control."
        ),
    )
    scope_population_m: float = spec(
        0.0,
        ge=0.0,
        le=100.0,
        unit="million people",
        help="Population a unit must cover to see cross-border criminality whole (0: no scope effect).",
    )
    spr_from_year: int = spec(
        0,
        ge=0,
        le=2100,
        unit="year (0: never)",
        help=(
            "The year the Strategic Policing Requirement first listed the national threat this "
            "capability serves (Police Act 1996 s.37A): from then, chiefs and policing bodies must have "
            "regard to the national capability it needs when they weigh a change to their region's unit."
        ),
    )
    national_available: bool = spec(
        False, unit="yes / no", help="Whether a national provider offers this capability."
    )
    statutory: bool = spec(
        False,
        unit="yes / no",
        help=(
            "Whether the law requires every force to provide it: a force whose provider's unit closes "
            "runs its own at once (newly set up), never a gap."
        ),
    )
    national_response_min: float = spec(
        60.0, ge=0.0, le=1e5, unit="minutes", help="Response time of the national provider."
    )
    initial_mode: InitialMode = spec(
        "hold",
        unit="hold | rocu | national",
        help=(
            "Arrangement in the first quarter: each force holds it; each force holds a team for its "
            "local work and belongs to its region's unit (the regional organised crime units); or the "
            "national provider."
        ),
    )

    @model_validator(mode="after")
    def _levels_within_demand(self) -> CapabilitySpec:
        if self.level2_share + self.level3_share > 1.0 + 1e-9:
            raise ValueError("level2_share + level3_share must not exceed 1")
        return self

    sources: dict[str, str] = Field(default_factory=dict, description="Source of each value.")
    plausible: dict[str, tuple[float, float]] = Field(
        default_factory=dict, description="Range of each uncertain value, for sensitivity analysis."
    )


@cache
def _read_catalogue_file(path: Path) -> dict[str, dict[str, Any]]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def load_catalogue(path: Path = CATALOGUE_PATH) -> dict[str, CapabilitySpec]:
    """Read and validate the catalogue; the order of the file is the order of the model's columns."""
    raw = _read_catalogue_file(path)
    return {name: CapabilitySpec(**fields) for name, fields in raw.items()}
