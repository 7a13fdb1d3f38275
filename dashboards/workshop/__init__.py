"""Workshop mode: people in a room play chiefs, policing bodies, the Home Secretary and HMIC.

``engine`` rebuilds and probes the model (replaying every answer so far); ``state`` is the
workshop on the server, one lock around parts with one job each: ``seats`` (the facilitator's
key, join codes, seats and every access check), ``round`` (the round state machine and its
clock), ``ballot`` (the open round's votes and how a role's players' votes combine), ``twins``
(the spare models built in the background), ``session_log`` (what the JSON log keeps, and
reading it back), ``views`` (what the pages read) and ``context`` (a role's situation in words).
``debrief`` compares the room's run with the model's own, ``app`` holds the Solara pages. How to
run one: docs/workshop.md.
"""
