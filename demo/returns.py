"""Returns for the demo contracts, walked through the real workflow, so the dashboard, the
trends, the exports and every state of a return have something to show.

Every period that has ended gets its return: all but the last two submitted by the provider's
manager and approved by the commissioner; the one before last submitted and waiting for the
commissioner; the last a draft the manager has started. Each red or amber indicator gets the
explanation submission requires. A contract whose returns have already moved is left alone.
"""

from __future__ import annotations

from decimal import Decimal

from contracts.models import Contract, User
from kpis.engine.periods import FinancialYear
from kpis.models import Return, ReturnEvent
from kpis.returns.due import open_returns
from kpis.returns.figures import live_figures
from kpis.returns.workflow import approve_return, missing_explanations, save_draft, submit_return


def load_demo_returns(*, contract: Contract, manager: User, commissioner: User) -> int:
    """Walk the contract's ended periods through the workflow; returns how many were moved."""
    if ReturnEvent.objects.filter(ret__contract=contract).exists():
        return 0
    returns = sorted(
        open_returns(contract=contract),
        key=lambda ret: (ret.financial_year, ret.period),
    )
    *approved, waiting, draft = returns if len(returns) >= 2 else [None, None, *returns]
    moved = 0
    for ret in [ret for ret in (*approved, waiting) if ret is not None]:
        to_approve = ret is not waiting
        ret = write_provider_part(ret, manager, finished=True)
        submit_return(ret=ret, by=manager, comment="Submitted for the contract-monitoring meeting.")
        moved += 1
        if to_approve:
            approve_return(ret=ret, by=commissioner, comment="Discussed and agreed at the meeting.")
    if draft is not None:
        write_provider_part(draft, manager, finished=False)
    return moved


def write_provider_part(ret: Return, manager: User, *, finished: bool) -> Return:
    """The manager's narrative and finances, and an explanation for each red or amber figure."""
    figures = live_figures(ret)
    period = FinancialYear(ret.financial_year).period(ret.period)
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    budget = (ret.contract.annual_value * months / 12).quantize(Decimal("1"))
    values = {
        "service_activity": (
            "Weekly groups in each locality, the Children in Care Council and the care "
            "leavers' forum met as planned; one-to-one work for young people referred."
        ),
        "inputs_observations": "Staffing was stable; one post was covered by sessional staff.",
        "outputs_observations": "Attendance held up over the school holidays.",
        "outcomes_observations": (
            "Outcome reviews show most young people's scores rising since their baseline."
        ),
        "social_value": "Volunteers gave time to the summer activity programme.",
        "case_studies": (
            "Young person A joined the Children in Care Council and now helps run its meetings."
            if finished
            else ""
        ),
        "expenditure": budget if finished else None,
        "staffing_cost": (budget * Decimal("0.7")).quantize(Decimal("1")) if finished else None,
        "staff_fte": Decimal("6.5") if finished else None,
        "additional_income": Decimal("0.00") if finished else None,
        "financial_notes": "Spend is in line with the budget profile." if finished else "",
        "indicator_notes": {
            code: {"explanation": "Below the profile this period; a plan to recover it was agreed."}
            for code in missing_explanations(ret, figures)
        }
        if finished
        else {},
    }
    return save_draft(ret=ret, by=manager, values=values)
