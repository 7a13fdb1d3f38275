"""The one declaration of every model parameter: default, unit, valid range, help, source.

Everything else derives from this schema: validation (pydantic), the CLI's
``--set name=value`` help, the dashboard's controls, scenario files, the
parameter table in docs/ODD.md and the ranges used for sensitivity analysis.
A parameter is added here or nowhere; docs/parameters.md is generated from it
(tools/gen_param_docs.py).

Each field carries, in ``json_schema_extra``:
  label      the name a user reads on the dashboard and in tables (never the identifier)
  unit       the unit a user reads (e.g. "GBP m / year", "quarters", "0-1")
  source     a seed file / public statistic, or "assumed" with the reason
  plausible  the (low, high) range used for sensitivity analysis and calibration;
             validation bounds (``ge``/``le``) are the hard limits of meaning.
  group      where the control lives in the dashboard and docs, and what kind of input it is:
             policy and governance are levers someone sets (the law, the Home Secretary, HMIC,
             agreements); behaviour, politics, money, market, service, demand and harm describe how
             people and things respond, which nobody sets (uncertainties); time sets the calendar.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from abm.capabilities import CapabilitySpec, load_catalogue

CostSharingRule = Literal["demand", "population", "equal"]
RegionalRule = Literal["grant", "budget", "demand", "population", "equal"]
DecisionRule = Literal["optimise", "satisfice"]
GrantPath = Literal["settlement", "history"]
PreceptPath = Literal["fixed", "history"]
OpeningBudgets = Literal["2025-26", "2010-11"]


def param(
    default: Any,
    *,
    label: str,
    unit: str,
    help: str,
    source: str,
    group: str,
    ge: float | None = None,
    le: float | None = None,
    plausible: tuple[float, float] | None = None,
) -> Any:
    """Declare one parameter with its metadata (see module docstring)."""
    extra: dict[str, Any] = {"label": label, "unit": unit, "source": source, "group": group}
    if plausible is not None:
        extra["plausible"] = list(plausible)
    return Field(default, ge=ge, le=le, description=help, json_schema_extra=extra)


class ModelParams(BaseModel):
    """All parameters of one run. Frozen: a run's parameters never change under it."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False)

    # --- time -------------------------------------------------------------------------
    start_year: int = param(
        2010,
        label="First year",
        ge=1990,
        le=2100,
        unit="year",
        group="time",
        help="Calendar year of the first simulated quarter (Q1 = April-June, police financial year).",
        source="Scenario choice; 2010 is the green paper and the start of austerity (seeds 002, 004).",
    )
    years: int = param(
        10,
        label="Years to simulate",
        ge=1,
        le=100,
        unit="years",
        group="time",
        help="Length of the run. One step is one quarter.",
        source="Chief Constables' Council meets four times a year (seed 003), hence quarterly steps.",
    )

    # --- the duty to collaborate and the friction of collaborating ---------------------
    duty_strength: float = param(
        0.3,
        label="Duty to collaborate",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 1.0),
        unit="0-1",
        group="policy",
        help=(
            "Strength of the statutory duty to collaborate, as the law defines it: chiefs keep each "
            "capability's collaboration under review (the share reviewed each year rises from "
            "review_without_duty to all), and a chief or policing body asked to collaborate gives "
            "effect to a collaboration that serves another force even when its own does not gain "
            "(it adds duty x the other party's gain to its own). It does not change what anyone "
            "values: not the value of local control, nor the time or cost of agreeing."
        ),
        source=(
            "Police Act 1996 s.22A as amended by the Police Reform and Social Responsibility Act 2011 "
            "(shared/data/README.md); seed 002 §4.22-4.24 'strong duty'. HMIC's assessment and the "
            "Home Secretary's power are their own agents' (hmic_inspections_per_year, direction_power). "
            "The 0.3 default (a duty to keep collaboration under review, weakly enforced) is assumed."
        ),
    )
    duty_from_year: int = param(
        0,
        label="Duty to collaborate from",
        ge=0,
        le=2100,
        unit="year (0: from the start)",
        group="policy",
        help=(
            "The year the strengthened duty to collaborate (and the power to direct) applies from; before "
            "it chiefs and policing bodies weigh duty_before_share of the duty."
        ),
        source=(
            "The duty was added to Police Act 1996 s.22A by the Police Reform and Social Responsibility Act "
            "2011 (Royal Assent 15 September 2011; shared/data/README.md); the history replay applies it from "
            "the 2012-13 year (commencement assumed)."
        ),
    )
    settlement_choice_step: float = param(
        0.02,
        label="Settlement choice offered to a player",
        ge=0.0,
        le=0.2,
        unit="share of the central grant",
        group="policy",
        help=(
            "In a workshop, the person playing the Home Secretary settles each year's grant as planned, "
            "or this much more or less (from the next financial year on). The agent keeps the plan."
        ),
        source="Workshop setting, not behaviour: 2% is about a year's real change in the 2015-19 flat-cash years (abm/data/history/timeline.toml).",
    )
    duty_choice_step: float = param(
        0.2,
        label="Duty choice offered to a player",
        ge=0.0,
        le=1.0,
        unit="0-1",
        group="policy",
        help=(
            "In a workshop, the person playing the Home Secretary reviews the duty to collaborate each "
            "year: keep it, or strengthen or weaken it by this much (within 0-1). The agent keeps it."
        ),
        source="Workshop setting, not behaviour: seed 002 §4.24 ('strengthen the current duty').",
    )
    precept_choice_step: float = param(
        0.01,
        label="Precept-limit choice offered to a player",
        ge=0.0,
        le=0.1,
        unit="share of the precept",
        group="policy",
        help=(
            "In a workshop, the person playing the Home Secretary (for the government) sets the coming "
            "year's referendum limit on precept rises: as planned, or this much higher or lower. The "
            "agent keeps the plan."
        ),
        source="Workshop setting, not behaviour: the recorded limits moved by 1-2 points a year (abm/data/history/timeline.toml).",
    )
    duty_before_share: float = param(
        0.5,
        label="Duty to collaborate before the 2011 Act",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 1.0),
        unit="share of duty_strength",
        group="policy",
        help=(
            "The weaker duty in force before duty_from_year, as a share of duty_strength; the Home "
            "Secretary's power to direct (s.23G) comes only with the strengthened duty."
        ),
        source=(
            "Assumed within its whole range; seed 002 §4.24 (July 2010): 'We will take steps to strengthen "
            "the current duty to collaborate in order that the Home Secretary can ... direct forces to "
            "collaborate': a duty existed in 2010, and the power to direct came with the stronger one."
        ),
    )
    local_control_preference: float = param(
        0.012,
        label="Value voters put on local control",
        ge=0.0,
        le=0.2,
        plausible=(0.002, 0.03),
        unit="share of the force's yearly budget, per capability",
        group="behaviour",
        help=(
            "What a force area's voters would pay a year to keep one capability wholly under local "
            "control, as a share of the force's budget; an arrangement gives up part of it (the "
            "local_control_lost_* parameters). The policing body weighs it when it signs or reviews an "
            "agreement and when it consents to a merger, and voters apply it when they take stock at "
            "the year's end. It is the policing body's and its voters' motive, and nobody else's: the "
            "chief's score does not include it."
        ),
        source=(
            "Calibrated (docs/calibration.md) within an assumed range. Seed 002 §4.6, §4.20: forces "
            "the public can identify with; §4.21: local identity and self-interest pull against the "
            "greater good; seed 000: almost all forces kept rarely used capabilities."
        ),
    )
    risk_aversion: float = param(
        0.25,
        label="Aversion to a partner failing",
        ge=0.0,
        le=3.0,
        plausible=(0.0, 0.6),
        unit="extra weight on undelivered harm",
        group="behaviour",
        help=(
            "Extra weight a chief puts on the harm of incidents a partner might not serve (the "
            "chance it believes the partner fails: 1 - trust). 0: risk-neutral."
        ),
        source="Assumed range. Seed 000: 'Chief Constables and PCCs must have confidence access is guaranteed'.",
    )
    decision_rule: DecisionRule = param(
        "optimise",
        label="How chiefs decide",
        unit="rule",
        group="behaviour",
        help=(
            "optimise: at a review a chief compares every option open to it and proposes the best. "
            "satisfice: a chief looks for a change only when a capability's arrangement performs worse "
            "than it aspires to (or it is prompted: a gap, a notice, a flag), searches its options in "
            "order (neighbours nearest first, then its own unit, then the national provider) and takes "
            "the first that is good enough; its aspiration follows what it has achieved."
        ),
        source=(
            "Simon (1955) 'A behavioral model of rational choice'; Cyert and March (1963) 'A behavioral "
            "theory of the firm' (problemistic search, adaptive aspirations). An alternative to checking "
            "that findings do not hinge on chiefs optimising with complete information."
        ),
    )
    aspiration_tolerance: float = param(
        0.1,
        label="Slack before a chief searches",
        ge=0.0,
        le=2.0,
        plausible=(0.0, 0.3),
        unit="share of the aspiration",
        group="behaviour",
        help="Under satisficing, a chief searches when a capability's score is this much worse than its aspiration.",
        source="Assumed; Cyert and March (1963).",
    )
    aspiration_adaptation: float = param(
        0.3,
        label="How fast aspirations follow results",
        ge=0.0,
        le=1.0,
        plausible=(0.1, 0.6),
        unit="per review",
        group="behaviour",
        help="Under satisficing, how far a chief's aspiration moves toward the score it has just achieved, at each review.",
        source="Assumed; Cyert and March (1963): aspirations adapt to past performance.",
    )
    switching_threshold: float = param(
        0.2,
        label="Gain needed to change",
        ge=0.0,
        le=0.9,
        plausible=(0.0, 0.25),
        unit="share of the current score",
        group="behaviour",
        help="A chief changes arrangement only if the best option beats the current one by this share.",
        source=(
            "Calibrated (docs/calibration.md) within an assumed range; status-quo bias, seed 002 "
            "§4.21 'protracted debate'."
        ),
    )
    review_without_duty: float = param(
        0.25,
        label="Reviews without a duty",
        ge=0.0,
        le=1.0,
        plausible=(0.1, 0.5),
        unit="share of capabilities a year",
        group="behaviour",
        help=(
            "Share of its capabilities a chief reviews at its yearly turn when no duty requires it "
            "(prompted reviews always happen: a gap, a provider's notice, an HMIC flag)."
        ),
        source="Assumed; seed 002 §4.21: collaboration 'extremely variable', decisions 'only after protracted debate'.",
    )
    negotiation_quarters: float = param(
        2.0,
        label="Time to negotiate",
        ge=0.0,
        le=16.0,
        plausible=(1.0, 6.0),
        unit="quarters",
        group="policy",
        help=(
            "Base time to agree a two-party collaboration. Grows with the number of parties, "
            "friction and distrust; shrinks with the duty."
        ),
        source="Assumed; seed 002 §4.21: decisions reached 'only after protracted debate and negotiation'.",
    )
    negotiation_friction: float = param(
        1.0,
        label="Negotiation friction",
        ge=0.0,
        le=5.0,
        plausible=(0.25, 2.5),
        unit="multiplier",
        group="policy",
        help="Multiplies negotiation time and the yearly governance cost of every agreement.",
        source="Assumed; seed 002 §4.26: bureaucracy relating to collaboration.",
    )
    exit_notice_quarters: int = param(
        2,
        label="Notice to leave",
        ge=0,
        le=12,
        plausible=(1, 6),
        unit="quarters",
        group="policy",
        help="Notice a partner must give before leaving a purchase or a joint unit.",
        source=(
            "Tri-Force: Gloucestershire gave notice Oct 2018, ended Apr 2019 (two quarters) "
            "(shared/data/README.md)."
        ),
    )
    transaction_cost_share: float = param(
        0.04,
        label="Cost of governing an agreement",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 0.15),
        unit="share of one team's fixed cost / year",
        group="policy",
        help="Yearly cost to each party of governing an agreement (contract management, boards).",
        source="Assumed; seed 003: shared capabilities need agreed leadership, accountability and governance.",
    )
    setup_cost_share: float = param(
        0.25,
        label="Set-up cost",
        ge=0.0,
        le=3.0,
        plausible=(0.05, 0.6),
        unit="share of one team's fixed cost",
        group="policy",
        help="One-off cost of setting up a new unit or joining a collaboration (re-training, ICT, estates).",
        source="Assumed; seed 000: moving officers into large units is 'bureaucratic, disruptive'.",
    )
    amortisation_years: float = param(
        5.0,
        label="Planning horizon",
        ge=1.0,
        le=20.0,
        plausible=(3.0, 8.0),
        unit="years",
        group="behaviour",
        help="Horizon over which a chief spreads a one-off set-up cost when comparing options.",
        source="Assumed: a medium-term financial plan covers about four to five years.",
    )
    alliance_max_members: int = param(
        4,
        label="Most forces in an alliance",
        ge=2,
        le=43,
        plausible=(3, 5),
        unit="forces",
        group="behaviour",
        help="A force may join an alliance (or be accepted into it) only while it has fewer members than this.",
        source=(
            "Assumed: the record's largest strategic alliances had three forces (Bedfordshire, Cambridgeshire "
            "and Hertfordshire; Tri-Force), abm/data/history/collaborations.csv."
        ),
    )
    alliance_min_capabilities: int = param(
        2,
        label="Capabilities that make an alliance",
        ge=2,
        le=20,
        plausible=(2, 4),
        unit="capabilities",
        group="behaviour",
        help=(
            "A chief who would form joint units with one partner for at least this many capabilities "
            "proposes them as one strategic alliance: one agreement, one cost split, one notice."
        ),
        source=(
            "Seed 002 §4.19: collaboration across 'a range of operational and back office support functions'; "
            "the alliances of 2010-2015 each covered several functions (abm/data/history/collaborations.csv)."
        ),
    )
    fairness_tolerance: float = param(
        0.08,
        label="Unfairness a partner bears",
        ge=0.0,
        le=1.0,
        plausible=(0.05, 0.15),
        unit="share of the alliance's cost",
        group="politics",
        help=(
            "How far a policing body's share of its alliance's cost may exceed its share of the work the "
            "alliance's units do before it judges the split unfair; beyond it, what it pays over its use "
            "counts as a loss of staying (reviewed every year from the settled accounts)."
        ),
        source=(
            "Assumed size (range from the research note on the record); West Mercia gave notice in 2018 saying "
            "it provided 60% of the alliance's resources and was subsidising Warwickshire, at a cost of at "
            "least GBP 6m a year; Gloucestershire left Tri-Force in 2018-19 (shared/data/README.md)."
        ),
    )
    alliance_cost_split: CostSharingRule = param(
        "population",
        label="How alliances split costs",
        unit="rule",
        group="policy",
        help=(
            "How the partners of a strategic alliance split the cost of its units, agreed when it is "
            "signed and fixed for its life: by population, by their demand for what it covers, or equally."
        ),
        source=(
            "Alliances ended when a partner judged the split of costs and benefits unfair (West Mercia-"
            "Warwickshire 2018-20, Tri-Force 2018-19; shared/data/README.md); the rule is assumed."
        ),
    )
    cost_sharing_rule: CostSharingRule = param(
        "demand",
        label="Cost-sharing rule",
        unit="rule",
        group="policy",
        help="How members of a joint unit split its cost: by their demand, their population, or equally.",
        source=(
            "Alliances ended when a partner judged the split of costs and benefits unfair "
            "(West Mercia-Warwickshire, Tri-Force; shared/data/README.md)."
        ),
    )

    regional_contribution_rule: RegionalRule = param(
        "grant",
        label="How regional units are funded",
        unit="rule",
        group="policy",
        help=(
            "How the member forces of a regional unit share what it costs (after any Home Office grant): "
            "by their shares of central grant, of their budgets, of their demand for its work, of "
            "population, or equally. The same rule settles the quarter's contributions and every member's "
            "view of a change."
        ),
        source=(
            "Regional units are funded by PCCs' contributions and Home Office grant (written answer to "
            "Parliament, January 2019, question 211818). The East Midlands unit's 2012 split (Nottinghamshire "
            "27.6%, Leicestershire 23.1%, Derbyshire 22%, Northamptonshire 14.7%, Lincolnshire 12.6%: "
            "abm/data/history/collaborations.csv) equals the members' shares of the region's 2010-11 formula "
            "grant to within 0.1 point (Hansard written statement, 26 November 2008); no other unit's rule "
            "was found."
        ),
    )
    regional_grant_share: float = param(
        0.2,
        label="Home Office share of regional units",
        ge=0.0,
        le=1.0,
        plausible=(0.12, 0.35),
        unit="share of a regional unit's cost",
        group="governance",
        help=(
            "Share of a regional unit's cost the Home Office pays, for the capabilities it funds "
            "regionally (the catalogue's regional_home_office_funding): the members share the rest."
        ),
        source=(
            "About GBP 20m a year of Home Office ROCU grant against ROCU budgets of GBP 101m (2015-16) to "
            "GBP 166m (2018-19): 12-20%, more with the Police Transformation Fund (written answers to "
            "Parliament, 6 November 2018 and January 2019, question 211818)."
        ),
    )
    local_control_lost_regional: float = param(
        0.3,
        label="Control lost to the regional unit",
        ge=0.0,
        le=1.0,
        plausible=(0.1, 0.6),
        unit="0 (own unit) - 1 (another force decides)",
        group="behaviour",
        help=(
            "How much local control a policing body gives up over the work its force sends to its "
            "region's unit: tasked by a regional lead under a board on which every member's policing "
            "body sits, so less than a partner's joint unit (local_control_lost_joining), more than "
            "running a unit for partners (local_control_lost_leading)."
        ),
        source=(
            "Assumed; regional units are collectives governed by their members' PCCs together (HMIC, "
            "Regional Organised Crime Units: a review of capability and effectiveness, 2015); seed 003: "
            "shared capabilities need agreed leadership, accountability and governance."
        ),
    )

    spr_regard: float = param(
        1.0,
        label="Regard for national capabilities",
        ge=0.0,
        le=1.0,
        plausible=(0.5, 1.0),
        unit="0-1",
        group="policy",
        help=(
            "Once the Strategic Policing Requirement lists the national threat a capability serves (the "
            "catalogue's spr_from_year), a chief or policing body weighing a change to its region's unit "
            "for it counts at least this share of what the change costs or gives the other forces (the "
            "duty's weight, if that is more): the national capability the requirement sets out."
        ),
        source=(
            "Police Act 1996 s.37A, inserted by the Police Reform and Social Responsibility Act 2011 s.77: a "
            "chief officer must have regard to the Strategic Policing Requirement (first issued July 2012); "
            "the weight is assumed."
        ),
    )

    # --- trust --------------------------------------------------------------------------
    initial_trust: float = param(
        0.85,
        label="Trust between strangers",
        ge=0.0,
        le=1.0,
        plausible=(0.7, 0.97),
        unit="believed share of calls served",
        group="behaviour",
        help="What a chief believes another force's unit would serve of its calls, before any experience of it.",
        source="Assumed: forces serve one another's calls under mutual aid every year, but do not guarantee it.",
    )
    same_rocu_trust_bonus: float = param(
        0.1,
        label="Extra trust within a region",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 0.15),
        unit="share of calls",
        group="behaviour",
        help="Extra initial trust between forces in the same regional organised crime unit.",
        source="Seed 002 §4.23: take account of existing collaborative infrastructures (ROCUs).",
    )
    prior_tie_trust_bonus: float = param(
        0.05,
        label="Extra trust from working together before",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 0.1),
        unit="share of calls",
        group="behaviour",
        help="Extra initial trust between forces that collaborated on anything before the run starts.",
        source=(
            "Assumed size; seed 002 §4.23: choose partners taking account of existing collaborative "
            "infrastructures; the record's alliances grew from earlier joint working (Bedfordshire, "
            "Cambridgeshire and Hertfordshire; Norfolk and Suffolk; abm/data/history/collaborations.csv)."
        ),
    )
    similar_size_trust_bonus: float = param(
        0.03,
        label="Extra trust between forces of a size",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 0.06),
        unit="share of calls",
        group="behaviour",
        help=(
            "Extra initial trust between forces of similar population, falling to none at four times the "
            "size: partners of a size expect an even say and neither fears being absorbed."
        ),
        source="Assumed; the record's lasting pairs are mostly of a size (Norfolk-Suffolk, Kent-Essex).",
    )
    trust_learning_rate: float = param(
        0.15,
        label="How fast trust learns",
        ge=0.0,
        le=1.0,
        plausible=(0.05, 0.4),
        unit="per quarter",
        group="behaviour",
        help="How fast a chief's trust in a partner moves toward the share of its calls the partner served.",
        source="Assumed. Experience changes willingness to share (shared/data/README.md: alliances broke after experience).",
    )

    # --- prices of shared services ------------------------------------------------------
    payg_markup: float = param(
        1.0,
        label="Pay-as-you-go price",
        ge=1.0,
        le=5.0,
        plausible=(1.0, 1.5),
        unit="x full cost",
        group="market",
        help=(
            "Pay-as-you-go price per use, as a multiple of the host's full cost per use "
            "(fixed cost spread over a team's capacity, plus the cost of the use). 1: cost recovery."
        ),
        source=(
            "Seed 000: pay-as-you-go or subscription; seed 004: pay-for-service. Collaboration agreements "
            "between forces recover costs rather than make profits (s.22A agreements set contributions); a "
            "mark-up is a lever."
        ),
    )
    subscription_markup: float = param(
        1.0,
        label="Subscription price",
        ge=1.0,
        le=5.0,
        plausible=(1.0, 1.3),
        unit="x full cost",
        group="market",
        help="Subscription price (reserved capacity for the buyer's expected demand) as a multiple of full cost. 1: cost recovery.",
        source="Seed 000: subscription; cost recovery between forces as for pay-as-you-go; a mark-up is a lever.",
    )
    subscription_minimum_share: float = param(
        0.1,
        label="Smallest subscription",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 0.3),
        unit="share of one team's fixed cost / year",
        group="market",
        help="Smallest yearly subscription a host accepts, however small the buyer's demand.",
        source="Assumed.",
    )
    national_price_factor: float = param(
        1.25,
        label="National provider's price",
        ge=0.5,
        le=5.0,
        plausible=(0.8, 2.0),
        unit="x full cost",
        group="market",
        help="Price of a national provider's service per use, as a multiple of a local team's full cost per use.",
        source="Assumed; seed 002 §4.52 (National Police Air Service), §4.32 (National Crime Agency).",
    )

    # --- service --------------------------------------------------------------------------
    capacity_headroom: float = param(
        0.25,
        label="Spare capacity",
        ge=0.0,
        le=2.0,
        plausible=(0.1, 0.5),
        unit="share of expected demand",
        group="service",
        help="Spare capacity a unit is sized for above its expected demand (contingency).",
        source="Seed 000: 'proportionate levels of contingency'; the level is assumed.",
    )
    incident_clustering: float = param(
        0.5,
        label="Incidents cluster where people live",
        ge=0.0,
        le=1.0,
        plausible=(0.2, 0.8),
        unit="exponent",
        group="service",
        help=(
            "How far a sparsely populated force's incidents (and the bases serving them) gather in its "
            "settled part: its area is scaled by (density / national density) to this power where it is "
            "less dense than the nation. 0: incidents spread over the whole land area."
        ),
        source="Assumed; seed 000: armed response must be timely 'in all areas, including rural areas'.",
    )
    road_factor: float = param(
        1.3,
        label="Road distance factor",
        ge=1.0,
        le=2.5,
        plausible=(1.1, 1.6),
        unit="road km / straight km",
        group="service",
        help="Ratio of road distance to straight-line distance between force centroids.",
        source="Assumed; typical circuity of road networks.",
    )
    skill_learning_rate: float = param(
        0.25,
        label="How fast skill grows with use",
        ge=0.0,
        le=1.0,
        plausible=(0.1, 0.5),
        unit="per quarter",
        group="service",
        help="How fast a unit used at its proficiency level closes the gap to full skill.",
        source="Assumed; seed 000: skills kept sharp by regular use.",
    )
    skill_harm_share: float = param(
        0.4,
        label="Harm from an unskilled unit",
        ge=0.0,
        le=1.0,
        plausible=(0.1, 0.8),
        unit="share of harm weight",
        group="service",
        help="Share of an incident's harm caused when it is handled by a fully unskilled unit.",
        source="Assumed; seed 000: higher standard where officers regularly use specialist skills.",
    )
    new_unit_skill: float = param(
        0.5,
        label="Skill of a new unit",
        ge=0.0,
        le=1.0,
        plausible=(0.3, 0.7),
        unit="0-1",
        group="service",
        help="Skill of a newly created unit (existing units start at their steady state).",
        source="Assumed.",
    )
    national_skill: float = param(
        0.9,
        label="Skill of the national provider",
        ge=0.0,
        le=1.0,
        plausible=(0.7, 1.0),
        unit="0-1",
        group="service",
        help="Skill of the national provider's teams (used every day, standards set nationally).",
        source="Assumed; seed 002 §4.52 (National Police Air Service), §4.32 (National Crime Agency).",
    )
    demand_officer_weight: float = param(
        0.5,
        label="Demand follows officers",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 1.0),
        unit="0-1",
        group="demand",
        help=(
            "Demand is driven by an effective population mixing residents with officers "
            "(officers reflect funded demand: commuters, visitors, the night-time economy)."
        ),
        source=(
            "Assumed. Census 2021 residents understate demand in the City of London and the Met "
            "(Met: 15% of residents, 19% of firearms operations; shared/data/README.md)."
        ),
    )
    cross_border_urban_tilt: float = param(
        0.3,
        label="Cross-border crime concentrates in cities",
        ge=0.0,
        le=2.0,
        plausible=(0.0, 0.6),
        unit="exponent on density",
        group="demand",
        help=(
            "A force's level-2 (cross-border) share of a capability's demand scales with its population "
            "density relative to the nation to this power (the national share stays the catalogue's): "
            "urban forces see more of the criminal networks that cross force boundaries."
        ),
        source=(
            "Assumed; seed 000: major crime concentrates in certain parts of the country; organised crime "
            "group mapping finds most groups in the metropolitan forces (Home Office, Serious and Organised "
            "Crime Strategy, 2013)."
        ),
    )
    demand_multiplier: float = param(
        1.0,
        label="Demand (all capabilities)",
        ge=0.0,
        le=10.0,
        plausible=(0.8, 1.2),
        unit="x",
        group="demand",
        help="Scales every capability's demand (a whole-system shock or trend).",
        source="Scenario lever.",
    )
    value_of_harm_gbp: float = param(
        585.0,
        label="Value of a day of harm",
        ge=0.0,
        le=10000.0,
        plausible=(200.0, 1500.0),
        unit="GBP per crime-harm-index day",
        group="harm",
        help="Money value a chief puts on one day of the Cambridge Crime Harm Index when weighing harm against cost.",
        source=(
            "Home Office, Economic and social costs of crime (2018): a homicide costs about "
            "GBP 3.2m; Cambridge Crime Harm Index: homicide = 5,475 days; 3.2m / 5,475 = GBP 585 "
            "a day (seed 004 §2.2 recommends harm weighting)."
        ),
    )

    # --- money ----------------------------------------------------------------------------
    budget_pressure_elasticity: float = param(
        1.0,
        label="Weight of budget pressure",
        ge=0.0,
        le=5.0,
        plausible=(0.0, 2.0),
        unit="exponent",
        group="money",
        help=(
            "How much more a chief weighs money when its plan asks the specialist capabilities to cost "
            "less: the weight is (their cost / the plan's target for them) to this power, within the floor "
            "and the cap."
        ),
        source="Assumed; seed 004: austerity as a 'burning platform' for efficiencies.",
    )
    nonpay_share: float = param(
        0.15,
        label="Non-pay spending",
        ge=0.0,
        le=0.6,
        plausible=(0.1, 0.25),
        unit="share of the budget at the start",
        group="money",
        help="Share of a force's budget spent on things other than its workforce and specialist units at the start.",
        source="Seed 002 §4.17: expenditure on the workforce is around 80% of police spending; the split is assumed.",
    )
    officer_pay_share: float = param(
        0.72,
        label="Officers' share of the pay bill",
        ge=0.0,
        le=1.0,
        plausible=(0.65, 0.8),
        unit="share of the local workforce's cost",
        group="money",
        help="Share of the local-policing pay bill that goes to officers (the rest to police staff and PCSOs).",
        source=(
            "Home Office, Police workforce England and Wales, 31 March 2010: 143,734 officers and about "
            "96,500 staff and PCSOs (abm/data/history/timeline.toml), at the costs per head below."
        ),
    )
    officer_cost_gbp_k: float = param(
        62.0,
        label="Cost of an officer",
        ge=10.0,
        le=200.0,
        plausible=(52.0, 72.0),
        unit="GBP k a year per FTE",
        group="money",
        help="Yearly cost of an officer with on-costs (pension, national insurance), 2025-26 prices.",
        source="Assumed from police pay scales (a constable's pay to about GBP 48k) plus employer on-costs.",
    )
    staff_cost_gbp_k: float = param(
        38.0,
        label="Cost of a member of staff",
        ge=10.0,
        le=200.0,
        plausible=(30.0, 45.0),
        unit="GBP k a year per FTE",
        group="money",
        help="Yearly cost of a member of police staff or a PCSO with on-costs, 2025-26 prices.",
        source="Assumed.",
    )
    reserves_start_share: float = param(
        0.1,
        label="Reserves at the start",
        ge=0.0,
        le=1.0,
        plausible=(0.05, 0.2),
        unit="share of the yearly budget",
        group="money",
        help="Usable reserves a force holds at the start, and the level it rebuilds them to from a surplus.",
        source="Assumed; forces held usable reserves of about a tenth of their budgets in the early 2010s (HMIC value-for-money profiles).",
    )
    reserves_floor_share: float = param(
        0.03,
        label="Least reserves",
        ge=0.0,
        le=0.5,
        plausible=(0.02, 0.05),
        unit="share of the yearly budget",
        group="money",
        help="The general reserve a force keeps whatever happens (it draws below it only when cuts cannot close a gap).",
        source="Assumed; a prudent minimum general reserve of a few per cent of net spending (CIPFA guidance).",
    )
    reserves_smoothing: float = param(
        0.5,
        label="Gap met from reserves",
        ge=0.0,
        le=1.0,
        plausible=(0.2, 0.8),
        unit="share of a year's gap",
        group="money",
        help="Share of a year's budget gap a force meets from reserves above their floor rather than by cuts.",
        source="Assumed: forces smoothed the 2010-15 cuts with reserves (seed 004 §2.1).",
    )
    nonpay_cut_max: float = param(
        0.05,
        label="Non-pay a year can cut",
        ge=0.0,
        le=1.0,
        plausible=(0.02, 0.1),
        unit="share of non-pay a year",
        group="money",
        help="How much of its non-pay spending a force can cut in a year.",
        source="Assumed; seed 004 §3.3.1: procurement savings.",
    )
    staff_cut_max: float = param(
        0.1,
        label="Staff a year can lose",
        ge=0.0,
        le=1.0,
        plausible=(0.05, 0.15),
        unit="share of staff a year",
        group="money",
        help="How many of its staff a force can lose in a year (leavers not replaced and redundancies).",
        source="Assumed; seed 004 §3.2.1: compulsory redundancy for police staff.",
    )
    officer_attrition: float = param(
        0.055,
        label="Officers leaving a year",
        ge=0.0,
        le=1.0,
        plausible=(0.04, 0.07),
        unit="share of officers a year",
        group="money",
        help=(
            "Share of officers who leave in a year; with recruitment stopped, officers can fall only this "
            "fast (they cannot be made redundant), except in emergency cuts."
        ),
        source="Assumed from Home Office police workforce statistics (leavers about 5-6% a year in the early 2010s); seed 004 §3.2.1 (Winsor).",
    )
    staff_and_officer_growth_max: float = param(
        0.05,
        label="Recruitment a year",
        ge=0.0,
        le=1.0,
        plausible=(0.03, 0.1),
        unit="share of the workforce a year",
        group="money",
        help="How fast a force with money to spare can recruit officers and staff.",
        source="Assumed; the Police Uplift Programme added about 20,000 officers (14%) over 2019-23 (abm/data/history).",
    )
    opening_budgets: OpeningBudgets = param(
        "2025-26",
        label="Forces' budgets at the start",
        unit="financial year",
        group="money",
        help=(
            "Whose books the forces open with: each force's 2025-26 central grant and precept, or its "
            "2010-11 ones (the history replay), in 2025-26 prices. In 2010-11 central grant was about "
            "three quarters of funding; in 2025-26 about three fifths, so a cut in grant bites harder."
        ),
        source=(
            "2025-26: Police Grant Report and precept decisions (abm/data/forces.csv). 2010-11: grant "
            "allocations, Hansard written statement 26 November 2008; precepts estimated from 2025-26 scaled "
            "to a national GBP 3.2bn (IFS BN179: precept 25% of revenue in 2010-11); "
            "abm/data/history/funding_2010_11.csv."
        ),
    )
    capability_protection: float = param(
        0.3,
        label="Specialist capabilities spared in cuts",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 0.8),
        unit="0 (cut as staff are) - 1 (cut last)",
        group="money",
        help=(
            "How far a force's yearly plan spares its specialist capabilities when it must cut, relative to "
            "staff and non-pay: the capabilities' share of a cut becomes a target the chief must reach by "
            "changing arrangements, and the weight it puts on money until it does."
        ),
        source=(
            "Assumed. HMIC, Valuing the Police (2011-2014) and Policing in Austerity: forces protected the "
            "front line, cut staff faster than officers and saved on support and specialist functions, partly "
            "by collaborating (seed 004: forces turned to collaboration to save money); no published split "
            "of specialist capability spending was found."
        ),
    )
    capability_cut_max: float = param(
        0.1,
        label="Capability spending a year can lose",
        ge=0.0,
        le=1.0,
        plausible=(0.05, 0.2),
        unit="share of capability spending a year",
        group="money",
        help="The largest cut a year's plan asks of specialist capability spending within the normal limits.",
        source="Assumed: reorganising units and agreements takes a year or two (seed 002 §4.21).",
    )
    officer_protection: float = param(
        0.5,
        label="Officers spared in cuts",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 0.9),
        unit="0 (cut as staff are) - 1 (cut last)",
        group="money",
        help="How far a chief spares officers when cutting the workforce, relative to staff and non-pay.",
        source=(
            "Calibrated to seed 004: 2010-15 central funding -20%, officers about -12%, staff about -18%; "
            "seed 004 §3.2.1 (Winsor): forces could not make officers redundant, so cuts fell on staff."
        ),
    )

    local_control_lost_national: float = param(
        0.8,
        label="Control lost to a national provider",
        ge=0.0,
        le=1.0,
        plausible=(0.5, 1.0),
        unit="0 (own unit) - 1 (another force decides)",
        group="behaviour",
        help="How much local control a force gives up by using the national provider.",
        source="Assumed: national tasking answers to a national chief, not the local PCC (seed 002 §4.35).",
    )
    local_control_lost_buying: float = param(
        1.0,
        label="Control lost by buying",
        ge=0.0,
        le=1.0,
        plausible=(0.7, 1.0),
        unit="0 (own unit) - 1 (another force decides)",
        group="behaviour",
        help="How much local control a force gives up by buying from another force's unit.",
        source="Assumed: the host's chief commands the unit (seed 004 §4.1.1: pay-for-service).",
    )
    local_control_lost_joining: float = param(
        0.7,
        label="Control lost by joining",
        ge=0.0,
        le=1.0,
        plausible=(0.4, 0.9),
        unit="0 (own unit) - 1 (another force decides)",
        group="behaviour",
        help="How much local control a force gives up by joining a joint unit (it keeps a say in its governance).",
        source="Assumed; seed 003: shared capabilities need agreed leadership, accountability and governance.",
    )
    local_control_lost_leading: float = param(
        0.1,
        label="Control lost by leading",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 0.3),
        unit="0 (own unit) - 1 (another force decides)",
        group="behaviour",
        help="How much local control a force gives up by running a joint unit for partners.",
        source="Assumed: the lead commands the unit but answers to the partners' governance (seed 003).",
    )
    budget_weight_floor: float = param(
        0.5,
        label="Least weight on cost",
        ge=0.0,
        le=1.0,
        plausible=(0.25, 1.0),
        unit="x",
        group="money",
        help="The least weight a chief puts on money, however far under its allocation it spends.",
        source="Assumed: money saved can always go to other priorities.",
    )
    budget_weight_cap: float = param(
        3.0,
        label="Most weight on cost",
        ge=1.0,
        le=20.0,
        plausible=(2.0, 5.0),
        unit="x",
        group="money",
        help="The most weight a chief puts on money, however far over its allocation it spends.",
        source="Assumed; seed 004: austerity as a 'burning platform'.",
    )
    partner_shortlist_size: int = param(
        8,
        label="Partners a chief considers",
        ge=1,
        le=42,
        plausible=(4, 12),
        unit="forces",
        group="behaviour",
        help=(
            "How many forces a chief considers as partners: its land neighbours, topped up with the "
            "nearest other forces (its current partner is always considered too)."
        ),
        source=(
            "Assumed. Seed 002 §4.23: choose partners taking account of existing collaborative "
            "infrastructure; most real collaborations are between neighbours (shared/data/README.md)."
        ),
    )
    negotiation_party_delay: float = param(
        0.5,
        label="Delay per extra party",
        ge=0.0,
        le=3.0,
        plausible=(0.25, 1.0),
        unit="x base time per party beyond two",
        group="behaviour",
        help="Each party to a negotiation beyond two adds this share of the base time.",
        source="Assumed; seed 002 §4.21: protracted negotiation.",
    )
    negotiation_trust_delay: float = param(
        1.0,
        label="Distrust slows talks",
        ge=0.0,
        le=2.0,
        plausible=(0.5, 1.5),
        unit="x",
        group="behaviour",
        help="Talks take (1 + this x (0.5 - trust)) times as long: distrust slows them, trust speeds them.",
        source="Assumed; seed 002 §4.21.",
    )

    # --- governance: PCCs, Home Secretary, HMIC, mergers (docs/governance.md) ----------------
    election_years: tuple[int, ...] = param(
        (2012, 2016, 2021, 2024, 2028),
        label="Election years",
        unit="years",
        group="time",
        help="Years of PCC (and mayoral) elections; held in Q1 (May), except 2012's in Q3 (November).",
        source="shared/data/README.md: elections Nov 2012, May 2016, May 2021, May 2024; next due 2028.",
    )
    pcc_protective_priority: float = param(
        0.5,
        label="PCCs' priority for protective services",
        ge=0.0,
        le=1.0,
        plausible=(0.2, 0.8),
        unit="0-1",
        group="politics",
        help=(
            "Average priority PCCs give protective services over visible local policing; each PCC "
            "draws its own around it. Low-priority PCCs weigh local identity more when reviewing a "
            "predecessor's agreements and when consenting to a merger."
        ),
        source="Assumed. Seed 002 §4.23 (PCCs hold chiefs to account for protective services); §4.20.",
    )
    election_caution: float = param(
        0.5,
        label="Caution before an election",
        ge=0.0,
        le=3.0,
        plausible=(0.0, 1.0),
        unit="extra weight on local control",
        group="politics",
        help="How much more an elected policing body weighs local control in the year before an election.",
        source="Assumed; the political business cycle (Nordhaus 1975): office-holders avoid unpopular change before elections.",
    )
    incumbent_reelection: float = param(
        0.6,
        label="Chance of re-election",
        ge=0.0,
        le=1.0,
        plausible=(0.4, 0.8),
        unit="probability",
        group="politics",
        help="Chance a PCC is re-elected when voters see no change in harm, precept or local identity.",
        source="Assumed; turnout and results in shared/data/README.md give no direct rate.",
    )
    new_pcc_review: float = param(
        0.5,
        label="New PCCs review agreements",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 1.0),
        unit="probability",
        group="politics",
        help=(
            "Chance that a new office-holder (a newly elected PCC, the first PCC after the police "
            "authority, a mayor taking over) reviews the predecessor's agreements, giving notice on those "
            "whose savings do not justify the local identity lost."
        ),
        source="shared/data/README.md: West Mercia gave notice on its alliance with Warwickshire in Oct 2018.",
    )
    precept_cap: float = param(
        0.02,
        label="Precept cap",
        ge=0.0,
        le=0.2,
        plausible=(0.0, 0.05),
        unit="share per year",
        group="governance",
        help="Largest yearly precept rise a PCC may set without a referendum; PCCs under budget pressure use it.",
        source="Localism Act 2011: council-tax rises above the principle (2% for PCCs in the early 2010s) need a referendum.",
    )
    grant_change_per_year: float = param(
        0.0,
        label="Central grant change a year",
        ge=-0.5,
        le=0.5,
        plausible=(-0.06, 0.03),
        unit="share per year (real)",
        group="governance",
        help="The Home Secretary's yearly settlement: real change in every force's central grant (-0.0436 = 20% over five years).",
        source="Seed 004 §2.1: central government police funding cut by 20% over 2010-15.",
    )
    direction_power: bool = param(
        False,
        label="Home Secretary may direct",
        unit="on / off",
        group="governance",
        help=(
            "Whether the Home Secretary may direct a force to collaborate when HMIC reports it refused a "
            "clearly beneficial collaboration in the national interest."
        ),
        source="Seed 002 §4.24; Police Act 1996 s.23G (used once, Oct 2019, shared/data/README.md).",
    )
    direction_political_cost_gbp_m: float = param(
        10.0,
        label="Political cost of a direction",
        ge=0.0,
        le=1000.0,
        plausible=(2.0, 30.0),
        unit="GBP m a year, for the first direction in a parliament",
        group="politics",
        help=(
            "What overriding local accountability costs a Home Secretary, in the yearly national saving a "
            "direction must bring; each further direction in the same parliament costs as much again "
            "(the first costs this, the second twice this, ...)."
        ),
        source=(
            "Assumed; seed 002 §4.6: imposed change seen as 'vast and distant conglomerations'; the power "
            "was used once in a decade (shared/data/README.md)."
        ),
    )
    general_election_years: tuple[int, ...] = param(
        (2010, 2015, 2017, 2019, 2024, 2029),
        label="General election years",
        unit="years",
        group="time",
        help="Years of general elections: a new parliament, and a Home Secretary's political capital renewed.",
        source="UK general elections 2010, 2015, 2017, 2019, 2024; the next due by 2029.",
    )
    break_up_delay_quarters: int = param(
        2,
        label="Delay to a break-up",
        ge=0,
        le=8,
        plausible=(0, 4),
        unit="quarters",
        group="governance",
        help=(
            "With the power of direction, how long the Home Secretary makes a joint unit continue when a "
            "member (or its lead) is about to leave it; it costs a direction. 0: never delays."
        ),
        source=(
            "Police Act 1996 s.23G, used in Oct 2019 to make the West Mercia-Warwickshire alliance continue "
            "for six months (shared/data/README.md)."
        ),
    )
    clear_benefit_share: float = param(
        0.5,
        label="Clear benefit",
        ge=0.0,
        le=1.0,
        plausible=(0.25, 0.75),
        unit="share of current cost",
        group="governance",
        help=(
            "A collaboration counts as clearly beneficial (for HMIC flags and directions) when it would "
            "save at least this share of the capability's money-and-harm cost."
        ),
        source="Assumed; seed 002 §4.24: 'clear benefits for the wider police service'.",
    )
    hmic_inspections_per_year: int = param(
        10,
        label="HMIC inspections a year",
        ge=0,
        le=43,
        plausible=(4, 20),
        unit="forces / year",
        group="governance",
        help="How many forces HMIC inspects for value for money each year, chosen by risk.",
        source="Assumed; seed 002 §4.15: value-for-money inspections; capacity is limited.",
    )
    voluntary_mergers: bool = param(
        True,
        label="Voluntary mergers allowed",
        unit="on / off",
        group="governance",
        help="Whether neighbouring forces may propose to merge (approved only with a business case and consent).",
        source="Seed 002 §4.20: voluntary mergers with a robust business case and community consent.",
    )
    merger_identity_share: float = param(
        0.02,
        label="What voters' local force is worth to them",
        ge=0.0,
        le=0.5,
        plausible=(0.015, 0.05),
        unit="share of the force's yearly budget",
        group="politics",
        help=(
            "What a force area's voters lose a year when their force merges into another (the force they "
            "identify with), as a share of its budget: a policing body consents to a merger only if its "
            "share of the saving covers this and any precept rise equalisation imposes."
        ),
        source=(
            "Estimated from the cases that failed to win consent: Devon and Cornwall with Dorset (2018), a "
            "saving of over GBP 70m in ten years, about 1.5% of the two budgets a year, refused over council "
            "tax, public support and 'relatively minor savings'; Cumbria and Lancashire (2006), abandoned "
            "over precept equalisation (+13% for Lancashire or GBP 10m of cuts) (shared/data/README.md; "
            "PCC statements and press reports of the time)."
        ),
    )
    merger_savings_threshold: float = param(
        0.02,
        label="Savings a merger must show",
        ge=0.0,
        le=0.5,
        plausible=(0.01, 0.05),
        unit="share of combined budget",
        group="governance",
        help="Savings a merger's business case must show, as a share of the two forces' budgets.",
        source="Assumed; seed 002 §4.20 'robust business case'.",
    )
    merger_transition_share: float = param(
        0.01,
        label="One-off cost of merging",
        ge=0.0,
        le=1.0,
        plausible=(0.005, 0.05),
        unit="share of the two forces' yearly budgets",
        group="money",
        help="One-off cost of a merger (ICT, estates, uniforms, severance), spread over the planning horizon in the business case.",
        source=(
            "Devon and Cornwall with Dorset (2018): over GBP 3m to implement on combined budgets of over GBP "
            "400m, about 0.7% (BBC, 3 October 2018); the upper end allows for forces that share less "
            "before merging (seed 002 §4.6: mergers 'would take years to come to fruition')."
        ),
    )
    merger_overhead_saving_share: float = param(
        0.06,
        label="Overheads a merger saves",
        ge=0.0,
        le=0.2,
        plausible=(0.03, 0.08),
        unit="share of the smaller force's yearly budget",
        group="money",
        help=(
            "Yearly saving from one headquarters and command team instead of two: what merging adds to "
            "collaborating (shared units are open to forces that do not merge)."
        ),
        source=(
            "Devon and Cornwall with Dorset (2018): over GBP 70m in ten years, about GBP 7m a year, on top of "
            "a strategic alliance sharing 22 departments; Dorset's budget was about GBP 125m (BBC, 3 October "
            "2018; Dorset Echo 2018)."
        ),
    )
    merger_retry_years: int = param(
        5,
        label="Years before a failed merger is tried again",
        ge=0,
        le=50,
        plausible=(2, 10),
        unit="years",
        group="politics",
        help="How long a pair of forces whose merger failed waits before it considers merging again.",
        source="Assumed; the 2006 programme was dropped and not revived for a decade (shared/data/README.md).",
    )
    merger_consent_required: bool = param(
        True,
        label="Mergers need consent",
        unit="on / off",
        group="governance",
        help="Whether both PCCs and both communities must consent to a merger.",
        source="Seed 002 §4.20; 2018 Devon and Cornwall-Dorset merger failed when one PCC withheld consent.",
    )
    imposed_regional_mergers: bool = param(
        False,
        label="Impose regional mergers",
        unit="on / off",
        group="governance",
        help="Counterfactual: merge the forces of each region into one at the start (the abandoned 2006 plan).",
        source="shared/data/README.md: the 2005-06 proposal of 12-24 strategic forces; seed 002 §4.6 rejects it.",
    )
    national_level3_provision: bool = param(
        False,
        label="National level-3 provider",
        unit="on / off",
        group="governance",
        help="Whether an NCA-like national provider offers every level-3 capability.",
        source="Seed 002 §4.32-4.40 (National Crime Agency), §4.52 (National Police Air Service).",
    )
    mandated_national_procurement: bool = param(
        False,
        label="National procurement mandated",
        unit="on / off",
        group="governance",
        help="Whether forces must buy standard goods through national frameworks (cuts back-office cost per use).",
        source="Seed 002 §4.49-4.51; seed 004 §3.3.1: boots bought at GBP 25 to 114.",
    )
    national_procurement_saving: float = param(
        0.1,
        label="Saving from national procurement",
        ge=0.0,
        le=0.5,
        plausible=(0.02, 0.2),
        unit="share of back-office cost per use",
        group="market",
        help="Saving on back-office cost per use from mandated national procurement.",
        source="Assumed; seed 004 §3.3.1 (price spreads of 2-5x for standard items).",
    )

    pcc_priority_concentration: float = param(
        6.0,
        label="How alike PCCs are",
        ge=0.5,
        le=100.0,
        plausible=(2.0, 20.0),
        unit="beta concentration",
        group="politics",
        help="How tightly office-holders' priorities cluster around the average (each is drawn from a beta distribution).",
        source="Assumed: police and crime plans differ, within a common statutory frame (seed 002 §4.23).",
    )
    precept_rise_unpressed_share: float = param(
        0.5,
        label="Precept rise without pressure",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 1.0),
        unit="share of the cap",
        group="politics",
        help="A PCC whose force is within its allocation raises the precept by this share of the cap.",
        source="Assumed; PCCs mostly raised the precept every year in the 2010s (Localism Act 2011 caps).",
    )
    approval_reelection_weight: float = param(
        2.0,
        label="Approval's effect on re-election",
        ge=0.0,
        le=20.0,
        plausible=(1.0, 4.0),
        unit="log-odds per unit of approval",
        group="politics",
        help="How much a change in approval moves the log-odds of re-election.",
        source="Assumed.",
    )
    approval_officer_weight: float = param(
        1.0,
        label="Voters' reaction to officer numbers",
        ge=0.0,
        le=10.0,
        plausible=(0.0, 2.0),
        unit="approval per relative change in officers",
        group="politics",
        help="Approval gained (lost) for each relative rise (fall) in the force's local-policing officers over a year.",
        source="Assumed; seed 002 §4.9: the public want to know the police will be there for them; seed 004 §3.2.1.",
    )
    approval_harm_weight: float = param(
        0.5,
        label="Voters' reaction to harm",
        ge=0.0,
        le=5.0,
        plausible=(0.25, 1.0),
        unit="approval per relative rise in harm",
        group="politics",
        help="Approval lost for each relative rise in the force's harm over a year.",
        source="Assumed; seed 004: the public judges policing by crime and harm.",
    )
    hmic_flag_approval_cost: float = param(
        0.05,
        label="Approval lost to an HMIC flag",
        ge=0.0,
        le=1.0,
        plausible=(0.0, 0.1),
        unit="approval",
        group="politics",
        help="Approval a PCC loses when HMIC reports its force for not collaborating.",
        source="Assumed; seed 002 §4.15: HMIC's reports are public.",
    )
    hmic_material_saving_gbp_m: float = param(
        1.0,
        label="Saving HMIC would report",
        ge=0.0,
        le=100.0,
        plausible=(0.25, 3.0),
        unit="GBP m / year",
        group="governance",
        help="The smallest yearly saving HMIC reports to Government as a clear benefit.",
        source="Assumed; seed 002 §4.24: 'clear benefits for the wider police service'.",
    )
    hmic_refusal_risk_weight: float = param(
        2.0,
        label="Weight of a refusal in HMIC's risk",
        ge=0.0,
        le=10.0,
        plausible=(0.0, 4.0),
        unit="standard deviations",
        group="governance",
        help="How much a refusal to sign a collaboration that year adds to a force's risk score (cost and harm per head are standardised).",
        source="Assumed; seed 002 §4.24: HMIC assesses decisions not to collaborate.",
    )

    grant_path: GrantPath = param(
        "settlement",
        label="Path of the central grant",
        unit="path",
        group="governance",
        help=(
            "settlement: the grant changes by grant_change_per_year every year. history: it follows the "
            "recorded real-terms path of central funding for 2010-11 to 2025-26 (relative to the first "
            "year of the run), then changes by grant_change_per_year."
        ),
        source="abm/data/history/timeline.toml (NAO 2015 and 2018, IFS 2015, Home Office funding statistics; docs/history.md).",
    )
    precept_cap_path: PreceptPath = param(
        "fixed",
        label="Path of the precept limit",
        unit="path",
        group="governance",
        help=(
            "fixed: precept_cap every year, a real rise. history: the recorded referendum limit of each year from "
            "2012-13 (precept_cap before and after the record), a cash rise turned into a real change of the "
            "precept's yield with the recorded inflation and council-tax base growth (timeline.toml [prices])."
        ),
        source="abm/data/history/timeline.toml (Localism Act 2011 referendum principles, year by year; docs/history.md).",
    )
    real_collaborations_at_start: bool = param(
        False,
        label="Start with the real collaborations",
        unit="on / off",
        group="governance",
        help=(
            "Whether the run starts with the strategic alliances and functional collaborations recorded as "
            "running in its first year (for the capabilities the model represents), besides the regional units."
        ),
        source="abm/data/history/collaborations.csv (each row sourced; docs/history.md).",
    )
    required_national: tuple[str, ...] = param(
        (),
        label="Capabilities required nationally",
        unit="capability names",
        group="governance",
        help=(
            "Capabilities the Home Secretary requires every force to take from a national provider from "
            "required_national_year (Police Act 1996 s.23FA); forces may not leave it."
        ),
        source="shared/data/README.md: s.23FA, first used in 2012 to create the National Police Air Service.",
    )
    required_national_year: int = param(
        2012,
        label="Year the national requirement starts",
        ge=1990,
        le=2100,
        unit="year",
        group="governance",
        help="First year of the Home Secretary's requirement to use a national provider (required_national).",
        source="shared/data/README.md: the National Police Air Service from 2012.",
    )

    # --- a demand shock -----------------------------------------------------------------------
    shock_capabilities: tuple[str, ...] = param(
        (),
        label="Capabilities hit by a shock",
        unit="capability names",
        group="demand",
        help="Capabilities whose demand jumps from the shock year on (empty: no shock).",
        source="Seed 003: the armed-policing uplift after the Paris attacks of November 2015.",
    )
    shock_start_year: int = param(
        2016,
        label="Year of the shock",
        ge=1990,
        le=2100,
        unit="year",
        group="demand",
        help="First year of the demand shock.",
        source="Seed 003 (Council blog, 2016).",
    )
    shock_multiplier: float = param(
        1.0,
        label="Size of the shock",
        ge=0.0,
        le=10.0,
        plausible=(1.0, 2.0),
        unit="x demand",
        group="demand",
        help="Demand multiplier for the shocked capabilities from the shock year on.",
        source="Scenario lever; the size of the uplift is assumed.",
    )

    # --- capabilities ---------------------------------------------------------------------
    capabilities: dict[str, CapabilitySpec] = Field(
        default_factory=load_catalogue,
        description="The capability catalogue (abm/data/capabilities.toml); scenarios may override fields.",
    )

    @field_validator("capabilities")
    @classmethod
    def _non_empty(cls, value: dict[str, CapabilitySpec]) -> dict[str, CapabilitySpec]:
        if not value:
            raise ValueError("at least one capability is needed")
        return value

    @model_validator(mode="after")
    def _capability_names_known(self) -> ModelParams:
        for field in ("shock_capabilities", "required_national"):
            unknown = [name for name in getattr(self, field) if name not in self.capabilities]
            if unknown:
                raise ValueError(f"{field}: unknown capability {unknown[0]!r}")
        return self

    @property
    def steps(self) -> int:
        """Number of quarterly steps in a run."""
        return self.years * 4


def scalar_fields() -> dict[str, Any]:
    """The schema's scalar parameters (everything but the catalogue), by name."""
    return {n: f for n, f in ModelParams.model_fields.items() if n != "capabilities"}


class ParameterError(ValueError):
    """A parameter, scenario or file was refused; the message names the field and the value."""


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """A TOML file as a dict. A file that cannot be read as UTF-8 TOML (binary, another encoding,
    a folder, unreadable) is a ParameterError naming the file and what is wrong with it."""
    if path.is_dir():
        raise ParameterError(f"{what} {path}: is a folder, not a file")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ParameterError(f"{what} {path}: cannot be read ({error.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ParameterError(
            f"{what} {path}: not UTF-8 text (byte 0x{raw[error.start]:02x} at position {error.start}); "
            "save it as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ParameterError(f"{what} {path}: not valid TOML ({error})") from None


def describe_validation_error(error: ValidationError, prefix: str = "") -> str:
    """Turn pydantic's report into one line naming each bad field and its value."""
    parts = []
    for item in error.errors():
        message = item["msg"].removeprefix("Value error, ")
        if not item["loc"]:  # a check across fields: its message names the field itself
            parts.append(prefix + message)
            continue
        field = ".".join(str(p) for p in item["loc"])
        if item["type"] == "missing":
            parts.append(f"{prefix}{field}: missing (required)")
            continue
        parts.append(f"{prefix}{field}={item.get('input')!r}: {message}")
    return "; ".join(parts)


def table(value: Any, where: str) -> dict[str, Any]:
    """``value`` if it is a table (a TOML table, a ``--set`` JSON object), else ParameterError naming
    ``where``: a number or a list where a table belongs is a mistake to name, not to trip over."""
    if not isinstance(value, dict):
        raise ParameterError(
            f"{where}={value!r}: must be a table of names and values, not {type(value).__name__}"
        )
    return value


def refuse_truth_values(prefix: str, fields: dict[str, Any], values: dict[str, Any]) -> None:
    """ParameterError for true or false given for a number: pydantic would read them as 1 and 0, so
    ``duty_strength = true`` in a scenario would run with the strongest duty without a word."""
    for name, value in values.items():
        if isinstance(value, bool) and fields[name].annotation in (int, float):
            raise ParameterError(f"{prefix}{name}={str(value).lower()}: must be a number, not true or false")


def make_params(overrides: dict[str, Any] | None = None) -> ModelParams:
    """Build validated parameters from defaults plus nested overrides.

    ``overrides`` may hold ``capabilities: {name: {field: value}}`` to change single fields
    of the catalogue. Raises ParameterError with one clear line on any bad input.
    """
    overrides = dict(overrides or {})
    cap_overrides = overrides.pop("capabilities", None) or {}
    unknown = sorted(set(overrides) - set(ModelParams.model_fields))
    if unknown:
        raise ParameterError(f"unknown parameter {unknown[0]!r} (see `crossforce params`)")
    refuse_truth_values("", ModelParams.model_fields, overrides)
    catalogue = load_catalogue()
    table(cap_overrides, "capabilities")
    merged: dict[str, Any] = {}
    for name, spec in catalogue.items():
        merged[name] = spec.model_dump()
    for name, changes in cap_overrides.items():
        if name not in merged:
            raise ParameterError(f"unknown capability {name!r}; known: {', '.join(sorted(merged))}")
        table(changes, f"capabilities.{name}")
        bad = sorted(set(changes) - set(CapabilitySpec.model_fields))
        if bad:
            raise ParameterError(f"unknown capability field capabilities.{name}.{bad[0]}")
        refuse_truth_values(f"capabilities.{name}.", CapabilitySpec.model_fields, changes)
        merged[name].update(changes)
    try:
        return ModelParams(**overrides, capabilities=merged)
    except ValidationError as error:
        raise ParameterError(describe_validation_error(error)) from None
