"""Plain English for the room: what the dashboard does to text it did not write before showing it.

The model's event reasons and the scenarios' texts are written for the log and the code: they
lower-case a capability's label inside a sentence ("armed response (arvs)", "back office (hr,
ict, procurement)"), print a negative sum as "£-0.64m", and may name a parameter or a preset as
the code does (``start_year``). A projector shows none of that (issue 28): ``plain`` puts it into
words at the one place each text reaches the page, and ``money`` writes the dashboard's own sums.
``FORBIDDEN`` is what the browser test scans the page for.
"""

from __future__ import annotations

import re
from functools import lru_cache

from abm.params import ModelParams
from abm.scenarios import available
from abm.schema import extra
from dashboards.controls import scenario_title

#: Acronyms a sentence may have lower-cased with the label around them, as they are written.
ACRONYMS = (
    "ARVs",
    "ARV",
    "CSE",
    "HR",
    "ICT",
    "ROCUs",
    "ROCU",
    "PCCs",
    "PCC",
    "PFCCs",
    "PFCC",
    "HMIC",
    "NPAS",
)
_ACRONYM = re.compile(r"\b(" + "|".join(a.lower() for a in ACRONYMS) + r")\b")
_WRITTEN = {a.lower(): a for a in ACRONYMS}
#: a name from the code (snake_case), not part of a file's path (left as written)
_IDENTIFIER = re.compile(r"(?<![/\w.])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/]|\.\w)")
_GBP_M = re.compile(r"\bGBP\s*m\b", re.IGNORECASE)
_GBP = re.compile(r"\bGBP\s*(?=\d)", re.IGNORECASE)
_SIGNED_POUNDS = re.compile(r"£([-+−])")

#: What must never reach the page: (what it is, pattern). Acronyms are matched lower-case only.
FORBIDDEN = (
    ("a name from the code", re.compile(r"\b[a-z]+_[a-z0-9_]+\b")),
    ("GBP m", re.compile(r"\bgbp\s*m\b", re.IGNORECASE)),
    ("a lower-cased acronym", _ACRONYM),
    ("a sign after £", re.compile(r"£\s*[-+−]")),
)


def plain_words(text: str) -> str:
    """The code's names put into words: a preset by its title in quotes, a parameter by its label
    from the schema, anything else with spaces for underscores."""

    def word(match: re.Match) -> str:
        name = match.group(0)
        if name in available():
            return f"“{scenario_title(name)}”"
        if name in ModelParams.model_fields:
            label = extra(ModelParams.model_fields[name])["label"]
            return label[0].lower() + label[1:]
        return name.replace("_", " ")

    return _IDENTIFIER.sub(word, text)


@lru_cache(maxsize=8192)
def plain(text: str) -> str:
    """A text from the model or a scenario file as the room should read it: acronyms in capitals,
    a sign before the pound sign, pounds as £, the code's names in words. Remembered: the feed and
    drill-down show the same reasons on redraw after redraw (five passes over each took about
    0.3 ms of a drill-down's 0.6)."""
    text = _ACRONYM.sub(lambda m: _WRITTEN[m.group(1)], text)
    text = _SIGNED_POUNDS.sub(lambda m: "-£" if m.group(1) in "-−" else "+£", text)
    text = _GBP.sub("£", _GBP_M.sub("£m", text))
    return plain_words(text)


def money(value: float, places: int = 2) -> str:
    """A signed sum in £ millions, the sign first: -£0.64m, +£1.20m."""
    return f"{'-' if value < 0 else '+'}£{abs(value):,.{places}f}m"


def violations(text: str) -> list[tuple[str, str]]:
    """Every (what, where) in ``text`` that ``FORBIDDEN`` names, with a little context."""
    found = []
    for what, pattern in FORBIDDEN:
        for match in pattern.finditer(text):
            found.append((what, text[max(match.start() - 40, 0) : match.end() + 20]))
    return found
