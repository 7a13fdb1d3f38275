"""How the workshop reports what it will not do (to the person who asked) and what failed in the
background (to the server's log)."""

from __future__ import annotations

import sys


class Refused(Exception):
    """An action the server will not carry out; the message says why, in plain words."""


def log_error(context: str, error: BaseException) -> None:
    """Report a failure the workshop carries on after, on the server's standard error."""
    print(f"crossforce workshop: {context}: {error!r}", file=sys.stderr, flush=True)
