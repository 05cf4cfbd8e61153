"""Wolverhampton Young Person's Team (Appendix 2): the framework (framework.py) and how each of
its figures is counted (rules.py)."""

from .framework import CODE, FRAMEWORK

__all__ = ["CODE", "FRAMEWORK"]
