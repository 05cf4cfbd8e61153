"""The demo as data: its organisations, its contracts, and one user per role.

Each demo contract is a row of DEMO_CONTRACTS with its settings, the function that builds its
records (seeded, so every machine shows the same people and figures for the same day), the
demo users who submit and approve its returns, and what they write in them (its story). A
contract's framework decides nothing here: adding a contract is adding a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from contracts.models import Contract, Organisation, Role

from .cornwall import CORNWALL_LOCALITIES, load_cornwall_records
from .cornwall_mentoring_work import coordinator_waiting
from .cornwall_returns import CORNWALL_STORY
from .returns import ReturnStory
from .wolverhampton import WOLVERHAMPTON_LOCALITIES, load_wolverhampton_records
from .wolverhampton_returns import WOLVERHAMPTON_STORY
from .wolverhampton_reviews import waiting_for

DEMO_PASSWORD = "tamar-demo-2026"  # noqa: S105 - printed for the demo; never in production

ORGANISATIONS = [
    ("Cornwall Council", Organisation.Kind.COMMISSIONER),
    ("Kernow Voices for Young People", Organisation.Kind.PROVIDER),
    ("City of Wolverhampton Council", Organisation.Kind.COMMISSIONER),
    ("Black Country Youth Support Trust", Organisation.Kind.PROVIDER),
]

# (contract, today, seed) -> how many young people it made
RecordBuilder = Callable[[Contract, date, int], int]
# (contract, today) -> username -> what that demo user finds waiting for them, a line or two
WorkWaiting = Callable[[Contract, date], dict[str, list[str]]]


@dataclass(frozen=True)
class DemoContract:
    ref: str
    commissioner: str  # the organisations' names, from ORGANISATIONS
    provider: str
    # The contract's other fields when it is created (its dates come from the demo's window).
    settings: dict[str, Any]
    records: RecordBuilder
    seed: int
    # The demo users who submit its returns and approve them.
    submitted_by: str
    approved_by: str
    # What they write in its returns (narrative, explanations, the commissioner's questions).
    story: ReturnStory
    # Where its framework runs Funds4 Care: the worker who makes applications and the panel
    # (the demo's own panel member first: the round just closed waits for their scores).
    funds4care_worker: str = ""
    funds4care_panel: tuple[str, ...] = ()
    # What its users find waiting (referrals to screen, contacts to record...), shown beside
    # their logins.
    waiting: WorkWaiting | None = None


DEMO_CONTRACTS = [
    DemoContract(
        ref="CC-EP-2024",
        commissioner="Cornwall Council",
        provider="Kernow Voices for Young People",
        settings={
            "title": "Engagement and Participation Service for children in care and care leavers",
            "framework": Contract.Framework.CORNWALL_EP,
            "annual_value": Decimal("310000.00"),
            # The districts the demo's young people and sessions are in.
            "localities": list(CORNWALL_LOCALITIES),
        },
        records=load_cornwall_records,
        seed=2025,
        submitted_by="manager",
        approved_by="commissioner",
        story=CORNWALL_STORY,
        funds4care_worker="worker",
        funds4care_panel=("panel", "panel.kit", "panel.rowan"),
        waiting=coordinator_waiting,
    ),
    DemoContract(
        ref="WOL-YPT-2024",
        commissioner="City of Wolverhampton Council",
        provider="Black Country Youth Support Trust",
        settings={
            "title": "Key Workers for the Young Person's Team",
            "framework": Contract.Framework.WOLVERHAMPTON_YPT,
            "annual_value": Decimal("420000.00"),
            "record_timeframe_days": 5,
            # The areas of the city the demo's young people live in.
            "localities": list(WOLVERHAMPTON_LOCALITIES),
        },
        records=load_wolverhampton_records,
        seed=2026,
        submitted_by="wolverhampton.manager",
        approved_by="wolverhampton.commissioner",
        story=WOLVERHAMPTON_STORY,
        waiting=waiting_for,
    ),
]

# (username, first name, last name, role, organisation or None)
USERS = [
    ("commissioner", "Morwenna", "Trelawny", Role.COMMISSIONER, "Cornwall Council"),
    ("manager", "Jago", "Penrose", Role.PROVIDER_MANAGER, "Kernow Voices for Young People"),
    ("worker", "Tamsin", "Hocking", Role.PROVIDER_WORKER, "Kernow Voices for Young People"),
    # A panel member's account holds a display name and a login, nothing more.
    ("panel", "Demelza", "", Role.PANEL_MEMBER, "Kernow Voices for Young People"),
    ("panel.kit", "Kit", "", Role.PANEL_MEMBER, "Kernow Voices for Young People"),
    ("panel.rowan", "Rowan", "", Role.PANEL_MEMBER, "Kernow Voices for Young People"),
    ("admin", "Alex", "Admin", Role.ADMINISTRATOR, None),
    (
        "wolverhampton.commissioner",
        "Harpreet",
        "Sandhu",
        Role.COMMISSIONER,
        "City of Wolverhampton Council",
    ),
    (
        "wolverhampton.manager",
        "Dawn",
        "Clarke",
        Role.PROVIDER_MANAGER,
        "Black Country Youth Support Trust",
    ),
    (
        "wolverhampton.worker",
        "Marcus",
        "Bennett",
        Role.PROVIDER_WORKER,
        "Black Country Youth Support Trust",
    ),
]


def load_demo_records(demo: DemoContract, contract: Contract, today: date) -> int:
    """The demo contract's records, if it has none yet; how many young people were made."""
    if contract.young_people.exists():
        return 0
    return demo.records(contract, today, demo.seed)
