"""Workshop mode: people in a room play chiefs, policing bodies, the Home Secretary and HMIC.

``engine`` rebuilds and probes the model (replaying every answer so far), ``state`` holds the
workshop on the server (seats, rounds, votes, the session log) and checks every action against
the seat's role, ``debrief`` compares the room's run with the model's own, ``app`` holds the
Solara pages. How to run one: docs/workshop.md.
"""
