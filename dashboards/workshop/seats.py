"""Who may act in a workshop: the facilitator's key, a join code per role, and the seats.

A seat token is issued for one role; the first browser that opens it owns it, and another browser
is refused until the facilitator frees the seat. Every check raises ``Refused`` with a plain
message. ``Seats`` is not thread-safe on its own: ``WorkshopState`` holds the lock around it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from dashboards.workshop.errors import Refused
from dashboards.workshop.roles import new_code, new_token, normalise_code

MAX_NAME = 40


@dataclass
class Seat:
    """One person's place in the room: a token issued for one role, bound to the first browser that uses it."""

    token: str
    role: str
    number: int
    browser: str | None
    name: str = ""
    joined: float = 0.0
    removed: bool = False

    @property
    def label(self) -> str:
        return self.name or f"Player {self.number}"

    @property
    def participant(self) -> str:
        """How the log names the person: their number, and their name if they gave one."""
        return f"P{self.number:02d}" + (f" {self.name}" if self.name else "")


def _same(secret: str, given: str) -> bool:
    """A comparison that takes as long whatever ``given`` is, so a secret cannot be guessed by timing."""
    return secrets.compare_digest(secret.encode(), given.encode())


def _check_browser(browser: object) -> None:
    if not isinstance(browser, str) or not browser:
        raise Refused("This browser could not be identified: allow cookies for this page.")


def _one_seat(held: Seat) -> str:
    """Why a browser that holds a seat gets no other, and how to move."""
    return (
        f"This browser already holds seat P{held.number:02d}: one browser, one seat. To move to another "
        "role, ask the facilitator to remove that seat (Set-up page), then scan the new role's code."
    )


class Seats:
    """The facilitator's key, the roles open to the room with their join codes, and every seat."""

    def __init__(self, roles_all: list[str], key: str | None = None) -> None:
        self.roles_all = roles_all
        self.key = key or new_token()
        self.codes: dict[str, str] = {}
        for role in roles_all:
            self.codes[role] = new_code(set(self.codes.values()))
        self.open_roles: list[str] = []
        self.joining = True
        self.by_token: dict[str, Seat] = {}

    # ------------------------------------------------------------------ the facilitator
    def check_key(self, key: str | None) -> None:
        if not isinstance(key, str) or not _same(self.key, key):
            raise Refused("Only the facilitator can do this (it needs the facilitator's link).")

    def is_facilitator(self, key: str | None) -> bool:
        return isinstance(key, str) and _same(self.key, key)

    def valid_roles(self, roles: list[str]) -> list[str]:
        """``roles`` in the model's order, or ``Refused`` naming the first role the model does not have."""
        unknown = [r for r in roles if r not in self.roles_all]
        if unknown:
            raise Refused(f"Unknown role: {unknown[0]!r}.")
        return [r for r in self.roles_all if r in set(roles)]

    # ------------------------------------------------------------------ participants
    def join(self, code: str, browser: str, now: float) -> tuple[Seat, bool]:
        """The seat a join code gives ``browser`` (the same seat again if this browser already has
        one in that role), and whether it is new."""
        role = next((r for r, c in self.codes.items() if c == normalise_code(str(code))), None)
        if role is None:
            raise Refused("No role has this code: check it on the screen.")
        if role not in self.open_roles:
            raise Refused("This role is not open in this workshop: check the code on the screen.")
        _check_browser(browser)
        held = self.held_by(browser)
        if held is not None and held.role == role:
            return held, False
        if held is not None:
            raise Refused(_one_seat(held))
        if not self.joining:
            raise Refused("The facilitator has closed the room to new players.")
        seat = Seat(new_token(), role, len(self.by_token) + 1, browser, joined=now)
        self.by_token[seat.token] = seat
        return seat, True

    def holder(self, token: str | None, browser: str | None, claim: bool = False) -> tuple[Seat, bool]:
        """The seat for ``token`` if ``browser`` holds it, and whether ``browser`` has just claimed
        it: with ``claim`` (a page opening the seat's link) a free seat is taken by ``browser``
        first. A page already open on another device never takes a seat back by redrawing."""
        seat = self.by_token.get(token) if isinstance(token, str) else None
        if seat is None or seat.removed:
            raise Refused("This link is not a seat in this workshop (or the facilitator removed it).")
        _check_browser(browser)
        if seat.browser is None and not claim:
            raise Refused(
                "The facilitator has freed this seat for another device: open its link again to take it."
            )
        if seat.browser is None:
            held = self.held_by(browser)
            if held is not None:
                raise Refused(_one_seat(held))
            seat.browser = browser
            return seat, True
        if not _same(seat.browser, browser):
            raise Refused(
                "This seat is already in use on another device. If that was you, ask the facilitator to move your seat to this device."
            )
        return seat, False

    def held_by(self, browser: str) -> Seat | None:
        """The seat ``browser`` holds, if any (one browser holds one seat: a phone is one player)."""
        return next((s for s in self.by_token.values() if s.browser == browser and not s.removed), None)

    def rename(self, seat: Seat, name: str) -> bool:
        """Give ``seat`` the name the projector shows (spaces tidied, cut to ``MAX_NAME``); whether it changed."""
        clean = " ".join(str(name).split())[:MAX_NAME]
        changed = clean != seat.name
        seat.name = clean
        return changed

    def numbered(self, number: int) -> Seat:
        """The seat the facilitator's pages call P``number``."""
        seat = next((s for s in self.by_token.values() if s.number == number and not s.removed), None)
        if seat is None:
            raise Refused(f"There is no seat P{number:02d}.")
        return seat

    def free(self, number: int) -> Seat:
        """Free a seat from the browser that holds it: the next browser to open its link takes it."""
        seat = self.numbered(number)
        seat.browser = None
        return seat

    def remove(self, number: int) -> Seat:
        """Remove a seat: its link stops working."""
        seat = self.numbered(number)
        seat.removed = True
        return seat

    # ------------------------------------------------------------------ reading
    def active(self) -> list[Seat]:
        """The seats not removed, by number."""
        return sorted((s for s in self.by_token.values() if not s.removed), key=lambda s: s.number)

    def players(self, role: str) -> list[Seat]:
        """The seats not removed in ``role``."""
        return [s for s in self.by_token.values() if s.role == role and not s.removed]

    def playing(self) -> list[Seat]:
        """The seats whose role is open now: the people whose answers count."""
        return [s for s in self.by_token.values() if not s.removed and s.role in self.open_roles]

    def human_roles(self) -> set[str]:
        """Roles someone in the room plays now (every other role is the model's own agent)."""
        return {s.role for s in self.playing()}

    # ------------------------------------------------------------------ the session log
    def to_json(self) -> list[dict]:
        return [vars(s) for s in self.by_token.values()]

    def restore(self, codes: dict[str, str], seats: list[dict], open_roles: list[str], joining: bool) -> None:
        """The seats, codes and open roles a session log recorded (every seat link stays valid)."""
        self.codes = dict(codes)
        self.by_token = {s["token"]: Seat(**s) for s in seats}
        self.open_roles = list(open_roles)
        self.joining = bool(joining)
