"""Seats and access checks (dashboards/workshop/seats.py) on their own: who may join, which browser
holds a seat, and every refusal, without a model or a round."""

from __future__ import annotations

import pytest

from dashboards.workshop.errors import Refused
from dashboards.workshop.roles import CODE_ALPHABET, all_roles
from dashboards.workshop.seats import MAX_NAME, Seats

ROLES = all_roles(("ASP", "DYP"))


@pytest.fixture
def seats() -> Seats:
    s = Seats(ROLES, key="the-key")
    s.open_roles = s.valid_roles(["chief:ASP", "hmic"])
    return s


def test_every_role_has_its_own_readable_code():
    s = Seats(ROLES)
    assert set(s.codes) == set(ROLES) and len(set(s.codes.values())) == len(ROLES)
    assert all(set(code) <= set(CODE_ALPHABET) for code in s.codes.values())
    assert s.key and s.key != Seats(ROLES).key


def test_only_the_facilitators_key_passes(seats):
    seats.check_key("the-key")
    assert seats.is_facilitator("the-key")
    for bad in (None, "", "the-key ", "THE-KEY", seats.codes["hmic"], 42):
        assert not seats.is_facilitator(bad)
        with pytest.raises(Refused, match="Only the facilitator"):
            seats.check_key(bad)


def test_open_roles_are_the_models_roles_in_its_order(seats):
    assert seats.valid_roles(["hmic", "chief:DYP"]) == ["chief:DYP", "hmic"]
    with pytest.raises(Refused, match="Unknown role: 'chief:XXX'"):
        seats.valid_roles(["hmic", "chief:XXX"])


def test_a_join_is_refused_for_a_bad_code_a_closed_role_a_browser_without_cookies_or_a_closed_room(seats):
    with pytest.raises(Refused, match="No role has this code"):
        seats.join("ZZZZZ", "b1", 0.0)
    with pytest.raises(Refused, match="not open"):
        seats.join(seats.codes["chief:DYP"], "b1", 0.0)
    for browser in ("", None):
        with pytest.raises(Refused, match="allow cookies"):
            seats.join(seats.codes["hmic"], browser, 0.0)
    seats.joining = False
    with pytest.raises(Refused, match="closed the room"):
        seats.join(seats.codes["hmic"], "b1", 0.0)
    assert seats.by_token == {}


def test_the_same_browser_gets_its_seat_back_and_codes_are_read_loosely(seats):
    code = seats.codes["hmic"]
    first, new = seats.join(code, "b1", 5.0)
    assert new and (first.role, first.number, first.browser, first.joined) == ("hmic", 1, "b1", 5.0)
    again, new = seats.join(f" {code[:2].lower()}-{code[2:]} ", "b1", 9.0)
    assert again is first and not new
    seats.joining = False  # a closed room still lets its players back in
    assert seats.join(code, "b1", 9.0) == (first, False)
    seats.joining = True
    other, new = seats.join(code, "b2", 9.0)
    assert new and other.number == 2  # several people may share a role


def test_a_seat_is_held_by_the_first_browser_until_the_facilitator_frees_it(seats):
    seat, _ = seats.join(seats.codes["chief:ASP"], "b1", 0.0)
    assert seats.holder(seat.token, "b1") == (seat, False)
    with pytest.raises(Refused, match="another device"):
        seats.holder(seat.token, "b2", claim=True)
    seats.free(seat.number)
    with pytest.raises(Refused, match="freed this seat"):
        seats.holder(seat.token, "b1")  # a page redrawing never takes it back
    assert seats.holder(seat.token, "b2", claim=True) == (seat, True)  # opening the link does
    with pytest.raises(Refused, match="another device"):
        seats.holder(seat.token, "b1")


def test_a_made_up_or_removed_seat_is_refused(seats):
    seat, _ = seats.join(seats.codes["hmic"], "b1", 0.0)
    for token in ("made-up", None, 3):
        with pytest.raises(Refused, match="not a seat"):
            seats.holder(token, "b1")
    with pytest.raises(Refused, match="allow cookies"):
        seats.holder(seat.token, "")
    seats.remove(seat.number)
    with pytest.raises(Refused, match="not a seat"):
        seats.holder(seat.token, "b1")
    with pytest.raises(Refused, match="no seat P01"):
        seats.numbered(seat.number)
    assert seats.active() == [] and seats.human_roles() == set()


def test_who_plays_counts_seats_not_removed_in_open_roles(seats):
    asp, _ = seats.join(seats.codes["chief:ASP"], "b1", 0.0)
    hmic, _ = seats.join(seats.codes["hmic"], "b2", 0.0)
    assert seats.human_roles() == {"chief:ASP", "hmic"}
    assert seats.players("chief:ASP") == [asp]
    seats.open_roles = ["hmic"]  # the facilitator closes a role: its seats stay, but do not play
    assert seats.human_roles() == {"hmic"} and seats.playing() == [hmic]
    assert [s.number for s in seats.active()] == [1, 2]


def test_a_name_is_tidied_and_cut(seats):
    seat, _ = seats.join(seats.codes["hmic"], "b1", 0.0)
    assert seats.rename(seat, "  Ann \n  Lee ")
    assert seat.name == "Ann Lee" and seat.label == "Ann Lee" and seat.participant == "P01 Ann Lee"
    assert not seats.rename(seat, "Ann Lee")
    seats.rename(seat, "x" * 100)
    assert len(seat.name) == MAX_NAME


def test_seats_written_to_the_log_come_back_with_their_links(seats):
    seat, _ = seats.join(seats.codes["hmic"], "b1", 0.0)
    again = Seats(ROLES)
    again.restore(seats.codes, seats.to_json(), seats.open_roles, False)
    assert again.codes == seats.codes and again.open_roles == ["chief:ASP", "hmic"] and not again.joining
    assert again.holder(seat.token, "b1")[0] == seat


def test_one_browser_holds_one_seat_and_is_told_how_to_move(seats):
    asp, _ = seats.join(seats.codes["chief:ASP"], "b1", 0.0)
    with pytest.raises(Refused, match=r"already holds seat P01.*remove that seat.*scan the new role's code"):
        seats.join(seats.codes["hmic"], "b1", 0.0)
    hmic, _ = seats.join(seats.codes["hmic"], "b2", 0.0)
    seats.free(hmic.number)
    with pytest.raises(Refused, match="already holds seat P01"):
        seats.holder(hmic.token, "b1", claim=True)  # nor does it take a freed seat
    seats.remove(asp.number)
    moved, new = seats.join(seats.codes["hmic"], "b1", 1.0)  # once its seat is removed, it may move
    assert new and moved.role == "hmic" and moved.browser == "b1"
