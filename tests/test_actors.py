"""The actor index: who took the step a report describes, one answer for merging and status."""

from __future__ import annotations

import pytest
from conftest import ACTORS, DUMA, KREMLIN, PUTIN, RU, SENATE, US


@pytest.mark.parametrize(
    ("agents", "actors", "parties"),
    [
        # "Russia's State Duma voted to ratify": the extractor's agent is the state that owns
        # the chamber; the step is the chamber's.
        ({RU}, {RU, DUMA}, {DUMA}),
        ({DUMA}, {DUMA, RU}, {DUMA}),
        (set(), {DUMA, RU}, {DUMA}),  # no agent: a chamber among the actors acted
        # Another state's chamber named beside the agent does not take the step from it.
        ({RU}, {RU, SENATE}, {RU}),
        # A head of state or a government body acts, with a chamber merely named.
        ({PUTIN}, {PUTIN, DUMA}, {PUTIN}),
        ({KREMLIN}, {KREMLIN, RU}, {KREMLIN}),
        (set(), {RU, US}, {RU, US}),
    ],
    ids=[
        "chamber-of-the-agent-state",
        "chamber-as-agent",
        "chamber-among-actors",
        "other-states-chamber",
        "president-and-chamber",
        "government-body",
        "no-agents",
    ],
)
def test_actors_parties_a_chamber_takes_its_own_step(
    agents: set[str], actors: set[str], parties: set[str]
) -> None:
    assert ACTORS.parties(frozenset(agents), frozenset(actors)) == frozenset(parties)
