"""Plain English on every screen (dashboards/workshop/words.py): money, facts, labels, acronyms."""

from __future__ import annotations

from dashboards.workshop.words import answered_by, fact_words, money, plain, signed_money, snake_case_words

LABELS = ["Armed response (ARVs)", "Back office (HR, ICT, procurement)", "Custody"]


def test_money_puts_the_sign_before_the_pound():
    assert money(0.79) == "£0.79m" and money(-0.64) == "-£0.64m" and money(-0.001) == "£0.00m"
    assert signed_money(0.12) == "+£0.12m" and signed_money(-0.12) == "-£0.12m"
    assert signed_money(0.001) == "no change"


def test_facts_read_as_words_even_a_key_never_seen_before():
    assert fact_words("worth_to_you_gbp_m_a_year", 0.79) == "Worth to you: £0.79m a year"
    assert fact_words("response_min", 20.7) == "Response: about 21 minutes"
    assert (
        fact_words("Avon and Somerset_gain_gbp_m_a_year", -1.2)
        == "Worth to Avon and Somerset: -£1.20m a year"
    )
    assert fact_words("grant_settlement_gbp_m_a_year", 3) == "Grant settlement: £3.00m a year"
    assert fact_words("statutory_floor", 1) == "Statutory floor: 1"
    for key in ("worth_to_you_gbp_m_a_year", "cost_gbp_m_a_year", "a_new_fact_gbp_m", "strange_thing"):
        assert not snake_case_words(fact_words(key, 1.0)) and "gbp" not in fact_words(key, 1.0).lower()


def test_the_models_sentences_keep_the_catalogue_labels_and_acronyms():
    text = "How should Avon and Somerset provide armed response (arvs)? back office (hr, ict, procurement) saves £-0.64m"
    assert plain(text, LABELS) == (
        "How should Avon and Somerset provide Armed response (ARVs)? Back office (HR, ICT, procurement) saves -£0.64m"
    )
    assert plain("the pcc and hmic", LABELS) == "the PCC and HMIC"


def test_the_answerer_is_the_room_or_a_players_name_never_human():
    assert answered_by("human", "P01 Alice") == "P01 Alice" and answered_by("human") == "the room"
    assert "agent" in answered_by("timed out") and "human" not in answered_by("model (less at stake)")


def test_a_home_secretary_policy_option_says_where_it_leaves_the_policy():
    from abm.decisions import Option
    from dashboards.workshop.phone import option_facts

    assert fact_words("precept_rise_limit_percent", 3.0) == "Precept rise allowed without a referendum: 3.0%"
    assert option_facts(Option("more", "strengthen it", {"duty_strength": 0.5}), None) == (
        "Duty to collaborate: 0.50 (0 to 1)"
    )
    assert "£10,005.00m a year" in option_facts(
        Option("more", "2% more", {"central_grant_gbp_m_a_year": 10005.0}), None
    )
