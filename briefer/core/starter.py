"""A starter codebook for a new project: themes an analyst of news coverage often starts
with (each can be renamed, merged or deleted). Qt-free."""

from __future__ import annotations

#: (name, description) of the starter themes, in order (keys 1–9 apply the first nine).
STARTER_THEMES: tuple[tuple[str, str], ...] = (
    ("Claims and positions", "What an actor says it wants, denies or asserts"),
    ("Actions and decisions", "What was done: orders, contracts, releases, sanctions"),
    ("Pressure and leverage", "Threats, deadlines, ultimatums, bargaining"),
    ("Security framing", "Presented as a matter of national or public security"),
    ("Economic stakes", "Money, markets, jobs, supply chains"),
    ("Law and regulation", "Rules, courts, export controls, compliance"),
    ("Reaction", "How others responded: support, criticism, silence"),
    ("Uncertainty", "Unconfirmed, disputed or contradicted reports"),
)

