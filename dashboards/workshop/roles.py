"""The roles a participant can take, their names in words, and the codes and tokens that admit them.

Roles are the model's own (``abm.decisions``): ``chief:<force id>``, ``pcc:<force id>``,
``home_secretary`` and ``hmic``. A role nobody takes is played by the model's own agent.
"""

from __future__ import annotations

import secrets

from abm.decisions import HMIC, HOME_SECRETARY, chief_role, pcc_role
from dashboards.workshop.words import body_title

#: Letters and digits that cannot be misread on a projector (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 5


def all_roles(force_ids: tuple[str, ...]) -> list[str]:
    """Every role in the model: a chief and a policing body per force, the Home Secretary, HMIC."""
    return [
        *(chief_role(f) for f in force_ids),
        *(pcc_role(f) for f in force_ids),
        HOME_SECRETARY,
        HMIC,
    ]


def force_of(role: str) -> str | None:
    """The force id of a chief's or policing body's role (None for the Home Secretary and HMIC)."""
    kind, _, force = role.partition(":")
    return force if kind in ("chief", "pcc") and force else None


def role_label(role: str, names: dict[str, str], body: str | None = None) -> str:
    """The role in words, e.g. 'Chief Constable, Dyfed-Powys'. ``names`` maps force ids to names;
    ``body`` is the policing body's title on the date (``PCCAgent.title``: a police authority
    before November 2012, a PCC after), for a policing body's role."""
    if role == HOME_SECRETARY:
        return "Home Secretary"
    if role == HMIC:
        return "HM Inspectorate of Constabulary (HMIC)"
    kind, _, force = role.partition(":")
    name = names.get(force, force)
    if kind == "chief":
        return f"Chief Constable, {name}"
    return f"{body_title(body) if body else 'Police and Crime Commissioner'}, {name}"


def short_label(role: str, names: dict[str, str], body: str | None = None) -> str:
    """A short form for lists on the projector: 'Chief, Dyfed-Powys', 'PCC, Gwent', 'HMIC'."""
    if role == HOME_SECRETARY:
        return "Home Secretary"
    if role == HMIC:
        return "HMIC"
    kind, _, force = role.partition(":")
    if kind == "chief":
        return f"Chief, {names.get(force, force)}"
    short = {"police authority": "Police authority", "Common Council": "Common Council"}
    return f"{short.get(body or 'PCC', body or 'PCC')}, {names.get(force, force)}"


def new_code(taken: set[str]) -> str:
    """A fresh short join code."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            return code


def new_token() -> str:
    """A seat token or facilitator key: unguessable, URL-safe."""
    return secrets.token_urlsafe(12)


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def roles_for(forces: list[str], chiefs: bool, pccs: bool, home_secretary: bool, hmic: bool) -> list[str]:
    """The roles a facilitator opens: chiefs and/or policing bodies of some forces, and the two
    national roles."""
    roles = [chief_role(f) for f in forces if chiefs] + [pcc_role(f) for f in forces if pccs]
    return roles + ([HOME_SECRETARY] if home_secretary else []) + ([HMIC] if hmic else [])
