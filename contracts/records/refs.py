"""The references Tamar gives a contract's records when the provider types none.

A short, readable sequence per contract and kind of record: S-0001, S-0002... for sessions
(YP- young people, I- initiatives, F- additional funding; for casework R- referrals, C- cases,
CT- contacts, AS- assessments, KA- key workers' activities, KW-01 key workers). The next is
one more than the highest of that form already on the contract, whoever gave it: Tamar, an
import or a person typing one. Four digits at least (two for key workers); the ten-thousandth
session is S-10000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models
from django.db.models import Max
from django.db.models.functions import Cast, Substr

from ..models import (
    AdditionalFunding,
    Assessment,
    Case,
    Contact,
    Contract,
    Initiative,
    KeyWorker,
    KeyWorkerActivity,
    Referral,
    Session,
    YoungPerson,
)


@dataclass(frozen=True)
class RefScheme:
    prefix: str
    digits: int = 4

    def ref(self, number: int) -> str:
        return f"{self.prefix}-{number:0{self.digits}d}"

    @property
    def pattern(self) -> str:
        # At most 18 digits: the number is read as a 64-bit integer.
        return rf"^{re.escape(self.prefix)}-[0-9]{{1,18}}$"

    @property
    def example(self) -> str:
        return f"{self.ref(1)}, {self.ref(2)} and so on"


REF_SCHEMES: dict[type[models.Model], RefScheme] = {
    YoungPerson: RefScheme("YP"),
    Session: RefScheme("S"),
    Initiative: RefScheme("I"),
    AdditionalFunding: RefScheme("F"),
    Referral: RefScheme("R"),
    Case: RefScheme("C"),
    Contact: RefScheme("CT"),
    Assessment: RefScheme("AS"),
    KeyWorkerActivity: RefScheme("KA"),
    KeyWorker: RefScheme("KW", digits=2),
}


def next_ref(model: type[models.Model], contract: Contract) -> str:
    """The contract's next reference of its scheme for `model`: one query, whatever the number
    of records (the numbers are compared as numbers, so S-10000 comes after S-9999)."""
    scheme = REF_SCHEMES[model]
    highest = (
        model._default_manager.filter(contract=contract, ref__regex=scheme.pattern)
        .order_by()
        .aggregate(
            highest=Max(Cast(Substr("ref", len(scheme.prefix) + 2), models.BigIntegerField()))
        )["highest"]
    )
    return scheme.ref((highest or 0) + 1)
