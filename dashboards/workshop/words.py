"""Plain English for every workshop screen: money, facts, capability labels, titles, answerers.

The model speaks in keys (``worth_to_you_gbp_m_a_year``), lower-cased labels inside its sentences
("armed response (arvs)") and signed numbers ("£-0.64m"): fine in a log, wrong on a phone in a
room of chief constables. Everything a page shows goes through here, so the rules live in one
place: money as "£0.79m" and "-£0.64m", a fact as "Worth to you: £0.79m a year", a capability
under its catalogue label (``model.caps.labels``, never lower-cased), acronyms in capitals, and a
fact key this module has never seen still turned into words (a new decision kind in the model
shows up readable without a workshop change).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Acronyms that must never reach a screen in lower case (the model lower-cases labels mid-sentence).
ACRONYMS = ("ARVs", "ARV", "CSE", "HR", "ICT", "ROCU", "PCC", "PFCC", "HMIC", "PAYG")
_ACRONYM = re.compile(r"\b(" + "|".join(a.lower() for a in ACRONYMS) + r")\b")
_BY_LOWER = {a.lower(): a for a in ACRONYMS}
_NEGATIVE_MONEY = re.compile(r"£\s?[-−](?=\d)")
_SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")

#: The policing body's title (``PCCAgent.title``) in full, as a participant's page names it.
BODY_TITLES = {
    "police authority": "Police authority",
    "PCC": "Police and Crime Commissioner",
    "PFCC": "Police, Fire and Crime Commissioner",
    "Mayor": "Mayor (with the PCC's powers)",
    "Common Council": "Common Council of the City of London",
}

#: Who answered a decision, as the debrief says it (the log keeps the model's own words).
ANSWERED_BY = {
    "human": "the room",
    "timed out": "the model's agent (nobody in the role answered in time)",
    "model": "the model's agent",
    "replayed": "the room",
}

#: Fact keys with words of their own: (label, how the value reads). Anything else: ``fact_words``.
FACTS: dict[str, tuple[str, str]] = {
    "cost_gbp_m_a_year": ("Cost", "money_a_year"),
    "harm_gbp_m_a_year": ("Harm, valued in money", "money_a_year"),
    "response_min": ("Response", "minutes"),
    "set_up_gbp_m_a_year": ("One-off set-up cost", "money"),
    "quarters_to_agree": ("Time to agree", "quarters"),
    "partner": ("Partner", "text"),
    "trust_in_partner": ("Trust in the partner", "zero_to_one"),
    "your_gain_gbp_m_a_year": ("Worth to your force", "money_a_year"),
    "worth_to_you_gbp_m_a_year": ("Worth to you", "money_a_year"),
    "worth_to_the_other_parties_gbp_m_a_year": ("Worth to the other parties", "money_a_year"),
    "duty": ("Weight the duty to collaborate gives the other parties' gain", "zero_to_one"),
    "saving_gbp_m_a_year": ("Saving", "money_a_year"),
    "identity_lost_gbp_m_a_year": ("Local identity given up, valued at", "money_a_year"),
    "precept_rise_gbp_m_a_year": ("Council tax (precept) rise", "money_a_year"),
    "score_staying_gbp_m_a_year": ("Cost and harm if you stay, as your chief weighs them", "money_a_year"),
    "score_alone_gbp_m_a_year": ("Cost and harm if you go alone, as your chief weighs them", "money_a_year"),
    "worth_of_staying_gbp_m_a_year": ("Worth of keeping it", "money_a_year"),
    "political_cost_gbp_m_a_year": (
        "Saving one more direction must bring (its political cost)",
        "money_a_year",
    ),
    "refused_to_sign_this_year": ("Its policing body refused to sign an agreement this year", "text"),
    "capability_cost_per_head_gbp": ("Specialist capabilities' cost a head over the last year", "pounds"),
    "harm_value_per_head_gbp": ("Harm a head over the last year, valued in money", "pounds"),
    "risk": ("HMIC's risk score", "number"),
    "duty_strength": ("Duty to collaborate", "zero_to_one"),
    "precept_rise_limit_percent": ("Precept rise allowed without a referendum", "percent"),
    "central_grant_gbp_m_a_year": ("Central grant", "money_a_year"),
}


#: How a fact key no entry of ``FACTS`` names is read, by its ending (first match).
SUFFIXES = {
    "_gain_gbp_m_a_year": "money_a_year",
    "_gbp_m_a_year": "money_a_year",
    "_gbp_m": "money",
    "_min": "minutes",
}


def money(value: float, decimals: int = 2) -> str:
    """GBP m as "£0.79m", a negative sum as "-£0.64m" (the sign before the pound, never after)."""
    text = f"£{abs(value):,.{decimals}f}m"
    return f"-{text}" if value < 0 and round(abs(value), decimals) > 0 else text


def signed_money(value: float, decimals: int = 2) -> str:
    """A difference: "+£0.12m", "-£0.12m", or "no change"."""
    if round(abs(value), decimals) == 0:
        return "no change"
    return ("+" if value > 0 else "") + money(value, decimals)


def humanise(key: str) -> str:
    """A snake_case name in words, first letter capital ("time_to_agree" -> "Time to agree")."""
    words = key.replace("_", " ").strip()
    return fix_acronyms(words[:1].upper() + words[1:])


def fact_words(key: str, value: float | str) -> str:
    """One fact as "Label: value" ("Worth to you: £0.79m a year"); a key never seen before is
    still read by its suffix (``_gbp_m_a_year``: money a year, ``_gbp_m``: money, ``_min``:
    minutes) and its words, so a new fact in the model needs no change here."""
    label, kind = FACTS.get(key, ("", ""))
    suffix = next((x for x in SUFFIXES if key.endswith(x)), None)
    if not label and suffix is not None:
        stem, kind = key.removesuffix(suffix), SUFFIXES[suffix]
        label = f"Worth to {stem}" if suffix == "_gain_gbp_m_a_year" else humanise(stem)
    elif not label:
        label, kind = humanise(key), "text" if isinstance(value, str) else "number"
    return f"{label}: {_value(kind, value)}"


def _value(kind: str, value: float | str) -> str:
    if kind == "text":
        return str(value)
    number = float(value)
    if kind == "money_a_year":
        return f"{money(number)} a year"
    if kind == "money":
        return money(number)
    if kind == "minutes":
        return f"about {number:.0f} minutes"
    if kind == "quarters":
        return f"{number:.0f} quarter{'s' if round(number) != 1 else ''}"
    if kind == "zero_to_one":
        return f"{number:.2f} (0 to 1)"
    if kind == "pounds":
        return f"£{number:,.2f}"
    if kind == "percent":
        return f"{number:.1f}%"
    return f"{number:g}"


def fix_acronyms(text: str) -> str:
    """Acronyms back in capitals ("(arvs)" -> "(ARVs)", "hr, ict" -> "HR, ICT")."""
    return _ACRONYM.sub(lambda m: _BY_LOWER[m.group(1)], text)


def plain(text: str, labels: Iterable[str] = ()) -> str:
    """A sentence of the model's, fit for a screen: each capability under its catalogue label (the
    model lower-cases them mid-sentence), acronyms in capitals, and "£-0.64m" as "-£0.64m"."""
    for label in sorted(labels, key=len, reverse=True):
        if label.lower() != label:
            text = text.replace(label.lower(), label)
    text = _NEGATIVE_MONEY.sub("-£", text)
    return fix_acronyms(text)


def sentence(text: str) -> str:
    """First letter capital (an option's key or label read as a button)."""
    return text[:1].upper() + text[1:] if text else text


def snake_case_words(text: str) -> list[str]:
    """The snake_case words in ``text`` (a screen must have none: the browser test scans for them)."""
    return _SNAKE.findall(text)


def body_title(title: str) -> str:
    """A policing body's title (``PCCAgent.title``) in full."""
    return BODY_TITLES.get(title, title)


def answered_by(by: str, who: str = "") -> str:
    """Who answered, in words: the players' names when the room answered, else the agent and why."""
    if by in ("human", "replayed") and who:
        return who
    if by in ANSWERED_BY:
        return ANSWERED_BY[by]
    return by.replace("model", "the model's agent", 1) if by.startswith("model") else by
