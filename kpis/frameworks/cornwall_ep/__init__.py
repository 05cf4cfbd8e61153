"""Cornwall Engagement and Participation (section 6.1): the framework (framework.py) and how
each of its figures is counted (participation.py, delivery.py, mentors_and_grants.py)."""

from .framework import CODE, FRAMEWORK

__all__ = ["CODE", "FRAMEWORK"]
