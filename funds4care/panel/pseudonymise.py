"""What a grant panel member may see of an application: its reference, the amount, and its texts
with the young person's recorded names masked. Panel members are often under 18 and sit beside
the applicants in the same service, so nothing here says who the young person is: no name, no
young person's reference, no council id, no date of birth, no locality, no care status.

The folding (lower case, no accents) is the idea of kpis/returns/names.py, copied here as a few
pure lines because funds4care sits below kpis (tests/test_architecture.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from contracts.names import COMMON_WORDS, fold

MASK = "[the applicant]"
REF_MASK = "[reference hidden]"
# A name part on its own is masked from two letters: an initial ("J. Smith") says little.
SHORTEST_NAME = 2
# What may stand between the words of a name: spaces, hyphens (any of Unicode's), apostrophes.
BETWEEN_WORDS = r"[\s\-\u2010\u2011\u2012\u2013'\u2019._]+"
# A name starts and ends where letters and digits do: "Smith-Jones_quote.pdf" holds it too.
NOT_BEFORE, NOT_AFTER = r"(?<![^\W_])", r"(?![^\W_])"
# A name that is also an everyday word (contracts.names.COMMON_WORDS) is masked alone only where
# the text does not write it all in lower case ("Will" and "WILL" are, "they will" is not).


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each of its characters the index of the character of `text` it
    came from (folding may turn one character into none, or into two: "ß" is "ss")."""
    folded, origin = [], []
    for index, char in enumerate(text):
        for piece in fold(char):
            folded.append(piece)
            origin.append(index)
    return "".join(folded), origin


def _words(name: str) -> list[str]:
    return re.findall(r"\w+", fold(name))


@dataclass(frozen=True)
class NameMask:
    """The forms of one young person's recorded names to mask, longest first: the full name,
    the first and last names as recorded (hyphens and all), then each part of a hyphenated or
    two-word name. `refs` are identifiers to hide as they are written (their reference)."""

    forms: tuple[tuple[str, ...], ...]
    refs: tuple[str, ...] = ()

    @classmethod
    def of(cls, first_name: str, last_name: str, *refs: str) -> NameMask:
        first, last = _words(first_name), _words(last_name)
        forms = [first + last, last + first, first, last]
        forms += [[part] for part in first + last if len(part) >= SHORTEST_NAME]
        unique = []
        for form in forms:
            if form and len("".join(form)) >= SHORTEST_NAME and tuple(form) not in unique:
                unique.append(tuple(form))
        unique.sort(key=lambda form: (-len(" ".join(form)), form))
        return cls(tuple(unique), tuple(ref for ref in refs if ref and ref.strip()))

    def _pattern(self) -> re.Pattern[str] | None:
        if not self.forms:
            return None
        alternatives = "|".join(
            BETWEEN_WORDS.join(re.escape(word) for word in form) for form in self.forms
        )
        return re.compile(rf"{NOT_BEFORE}(?:{alternatives}){NOT_AFTER}")

    def apply(self, text: str) -> str:
        """`text` with each form of the names replaced by MASK, whatever its case and accents;
        a possessive keeps its "'s" ("[the applicant]'s bike")."""
        if not text:
            return text
        for ref in self.refs:
            text = re.sub(rf"{NOT_BEFORE}{re.escape(ref)}{NOT_AFTER}", REF_MASK, text, flags=re.I)
        pattern = self._pattern()
        if pattern is None:
            return text
        folded, origin = _folded_with_positions(text)
        spans = []
        for match in pattern.finditer(folded):
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            written = text[start:end]
            if match.group() in COMMON_WORDS and written == written.lower():
                continue
            spans.append((start, end))
        for start, end in reversed(spans):
            text = text[:start] + MASK + text[end:]
        return text


@dataclass(frozen=True)
class PanelApplication:
    """An application as the panel sees it. Built only from what is listed here: a template
    given one of these cannot reach the young person."""

    pk: int
    ref: str
    amount_requested: Decimal
    purpose: str
    reason: str
    quote: str
    file_names: tuple[str, ...]
    decided: bool


def for_panel(application, file_names: list[str] | None = None) -> PanelApplication:
    """The panel's view of `application` (its young person fetched with it: select_related).
    `file_names` are its files' names, when the caller fetched them."""
    person = application.young_person
    mask = NameMask.of(
        person.first_name, person.last_name, person.ref, person.la_child_id or ""
    ).apply
    return PanelApplication(
        pk=application.pk,
        ref=mask(application.ref),
        amount_requested=application.amount_requested,
        purpose=mask(application.purpose),
        reason=mask(application.reason),
        quote=mask(application.quote),
        file_names=tuple(mask(name) for name in file_names or []),
        decided=application.decision != "pending",
    )
