"""Helpers the records tests share (fixtures live in conftest.py)."""

from datetime import date

from django.urls import reverse

# The frozen "today" of every records test (conftest.py).
TODAY = date(2025, 6, 15)


def url(name: str, contract, **kwargs: int) -> str:
    return reverse(f"contracts:{name}", kwargs={"pk": contract.pk, **kwargs})


def listed_refs(response) -> list[str]:
    """The references of the young people on a list page, in order."""
    return [person.ref for person in response.context["page"]]
