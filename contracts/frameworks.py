"""Which kinds of record each framework keeps: the one place that says so.

The screens read it (a contract's tabs, what a young person's page holds, whether it has
Funds4 Care pages), and so do the KPI frameworks (kpis.frameworks: what a return counts from),
so a Wolverhampton contract shows casework and a Cornwall one sessions, mentoring and Funds4
Care, from the same list.
"""

from __future__ import annotations

RECORD_KINDS: dict[str, frozenset[str]] = {
    "cornwall_ep": frozenset(
        {
            "care_statuses",
            "sessions",
            "initiatives",
            "additional_funding",
            "outcomes",
            "feedback",
            "information",
            "accreditations",
            "mentoring",
            "funds4care",
        }
    ),
    "wolverhampton_ypt": frozenset({"casework", "care_statuses", "placements"}),
}


def record_kinds(framework: str) -> frozenset[str]:
    return RECORD_KINDS.get(framework, frozenset())
