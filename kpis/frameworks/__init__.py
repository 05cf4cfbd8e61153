"""The frameworks a contract can be judged by, as data: one package each (its framework and
how each figure is counted)."""

from ..engine.indicators import Framework
from . import cornwall_ep, wolverhampton_ypt

FRAMEWORKS: dict[str, Framework] = {
    cornwall_ep.FRAMEWORK.code: cornwall_ep.FRAMEWORK,
    wolverhampton_ypt.FRAMEWORK.code: wolverhampton_ypt.FRAMEWORK,
}


def framework_for(code: str) -> Framework:
    """The framework of a contract's `framework` code."""
    return FRAMEWORKS[code]
