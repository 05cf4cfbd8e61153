"""Helpers the records tests share (fixtures live in conftest.py)."""

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

from django.urls import reverse

# The frozen "today" of every records test (conftest.py).
TODAY = date(2025, 6, 15)


def url(name: str, contract, **kwargs: int) -> str:
    return reverse(f"contracts:{name}", kwargs={"pk": contract.pk, **kwargs})


def listed_refs(response) -> list[str]:
    """The references of the young people on a list page, in order."""
    return [person.ref for person in response.context["page"]]


class _FormReader(HTMLParser):
    """The fields of a page's own form (the first posted to the page itself, not the
    navigation's log-out form), as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_form = self.done = False
        self.inputs: list[dict[str, str | None]] = []
        self.selects: dict[str, list[tuple[str, bool]]] = {}
        self.textareas: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form" and not self.done and (found.get("method") or "").lower() == "post":
            self.in_form = not found.get("action")
        elif not self.in_form:
            return
        elif tag == "input" and found.get("name"):
            self.inputs.append(found)
        elif tag == "select":
            self._select = found["name"]
            self.selects[self._select] = []
        elif tag == "option" and self._select:
            self.selects[self._select].append((found.get("value") or "", "selected" in found))
        elif tag == "textarea":
            self._textarea = found["name"]
            self.textareas[self._textarea] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.textareas[self._textarea] += data


def what_the_browser_posts(response) -> dict[str, str]:
    """What saving a page's form unchanged sends: each field's value as the page shows it."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    data: dict[str, str] = {}
    for field in reader.inputs:
        kind = (field.get("type") or "text").lower()
        if kind in ("submit", "button", "reset"):
            continue
        if kind in ("checkbox", "radio") and "checked" not in field:
            continue
        data[field["name"]] = field.get("value") or ("on" if kind == "checkbox" else "")
    for name, options in reader.selects.items():
        chosen = [value for value, selected in options if selected] or [options[0][0]]
        data[name] = chosen[0]
    for name, text in reader.textareas.items():
        # A browser drops the one newline that follows <textarea>.
        data[name] = text.removeprefix("\n")
    return data


def number_box(response, name: str) -> dict[str, str | None]:
    """The attributes of the page's <input name=...>, as the browser reads them."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    return next(field for field in reader.inputs if field["name"] == name)


def browser_refuses(box: dict[str, str | None], typed: str) -> str:
    """Why the browser would refuse to send `typed` from this number box (HTML's rules for
    min, max and step), or "" if it sends it."""
    value = Decimal(typed)
    lowest = Decimal(box["min"]) if box.get("min") else None
    highest = Decimal(box["max"]) if box.get("max") else None
    if lowest is not None and value < lowest:
        return f"less than the minimum {box['min']}"
    if highest is not None and value > highest:
        return f"more than the maximum {box['max']}"
    step = box.get("step") or "1"
    if step == "any":
        return ""
    # The step counts from the minimum, or else from the value the page was given.
    base = lowest if lowest is not None else Decimal(box.get("value") or "0")
    if (value - base) % Decimal(step):
        return f"not a step of {step} from {base}"
    return ""
