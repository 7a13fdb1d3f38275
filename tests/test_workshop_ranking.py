"""Which decisions and options a person sees (dashboards/workshop/ranking.py): the most at stake
first, the agent's choice and keeping things as they are always among the options, and a decision
kind the workshop has never seen still ranked by its money facts."""

from __future__ import annotations

from abm.decisions import Decision, Option
from dashboards.workshop.ranking import MAX_OPTIONS, MAX_SHOWN, shown_keys, shown_options, stake


def review(key: str, costs: list[float], model: str = "keep", role: str = "chief:ASP") -> Decision:
    options = [
        Option("keep", "keep the current arrangement", {"cost_gbp_m_a_year": 5.0, "harm_gbp_m_a_year": 1.0})
    ]
    options += [
        Option(f"buy_payg:F{i}", f"buy from F{i}", {"cost_gbp_m_a_year": c, "harm_gbp_m_a_year": 1.0})
        for i, c in enumerate(costs)
    ]
    step, *_, name = key.split("/")
    return Decision(int(step), role, "review", "Q1 2010", "How?", tuple(options), (model,), capability=name)


def yes_no(key: str, kind: str, facts: dict, model: str = "yes", role: str = "pcc:ASP") -> Decision:
    step, *_, partner, name = key.split("/")
    options = (Option("yes", "yes", facts), Option("no", "no", facts))
    return Decision(
        int(step), role, kind, "Q1 2010", "?", options, (model,), capability=name, partner=partner
    )


def test_a_review_shows_the_agents_choice_keeping_and_the_cheapest():
    d = review("1/chief:ASP/review/x", [9.0, 4.0, 8.0, 3.0, 7.0, 6.0], model="buy_payg:F5")
    keys = [o.key for o in shown_options(d)]
    assert len(keys) == MAX_OPTIONS
    assert {"keep", "buy_payg:F5", "buy_payg:F3", "buy_payg:F1"} == set(keys)
    assert keys == [o.key for o in d.options if o.key in keys]  # in the decision's order
    assert stake(d) == 3.0  # the agent's 6.0 against the cheapest shown, 3.0


def test_a_short_decision_keeps_every_option_and_several_picks_keep_a_few_more():
    d = review("1/chief:ASP/review/x", [4.0])
    assert shown_options(d) == d.options
    many = Decision(4, "hmic", "inspect", "Q4 2010", "?",
                    tuple(Option(f"F{i}", f"F{i}", {"risk": -i}) for i in range(20)), ("F0", "F1"), pick=2)  # fmt: skip
    assert [o.key for o in shown_options(many)] == ["F0", "F1", "F2", "F3", "F4", "F5"]


def test_each_role_sees_its_decisions_with_most_at_stake():
    small = [review(f"1/chief:ASP/review/{i}", [5.0 - i * 0.1]) for i in range(5)]
    sign = yes_no("1/pcc:ASP/sign/BED/x", "sign", {"worth_to_you_gbp_m_a_year": 0.5, "duty": 0.3})
    new_kind = yes_no(
        "1/pcc:ASP/budget", "settlement", {"grant_gbp_m_a_year": 3.0, "political_cost_gbp_m_a_year": 1.0}
    )
    shown = shown_keys([*small, sign, new_kind])
    assert [k for k in shown if k.startswith("1/chief")] and len(
        [k for k in shown if "chief" in k]
    ) == MAX_SHOWN
    assert {"1/chief:ASP/review/4", "1/chief:ASP/review/3", "1/chief:ASP/review/2"} <= shown
    assert {sign.key, new_kind.key} <= shown  # a kind the workshop never saw is ranked by its money
    assert stake(new_kind) == 2.0 and stake(sign) == 0.5
