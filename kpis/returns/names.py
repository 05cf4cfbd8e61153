"""Young people's names in the provider's words: a warning before a return, which the
commissioner and the exports read, carries a child's name beyond the provider."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Lower

from contracts.models import Contract, YoungPerson
from contracts.names import COMMON_WORDS, fold

from ..models import Return, ReturnEvent

# The provider's free text, each with the label a warning names it by.
TEXT_FIELDS = (
    ("service_activity", "service activity"),
    ("inputs_observations", "observations on inputs"),
    ("outputs_observations", "observations on outputs"),
    ("outcomes_observations", "observations on outcomes"),
    ("social_value", "social and added value"),
    ("case_studies", "case studies"),
    ("financial_notes", "notes on the finances"),
)
# A first or last name on its own is looked for from two letters ("Li", "Wu", "Ng" are
# surnames), never one: "Young person A" and an initial are how a text is anonymised.
SHORTEST_NAME = 2
CANDIDATES_PER_QUERY = 10_000  # each is a parameter twice (first and last names)
COMPOUND = re.compile(r"\w+(?:['\u2019\-]\w+)+")

# A name that is also an everyday word (contracts.names.COMMON_WORDS) is taken for a name alone
# only where the text writes it as one: capitalised, and not merely because a sentence starts
# with it. What may come before a word that starts a sentence or a list item.
SENTENCE_END = ".!?:;\n\u2022*-"


def words_of(text: str) -> list[str]:
    """The words of a text, split at anything that is not a letter or digit: "Morwenna's"
    is "morwenna" and "s", "Morwenna-led" is "morwenna" and "led", "M. Trelawny" is "m" and
    "trelawny"."""
    return re.findall(r"\w+", fold(text))


def texts_of(ret: Return) -> dict[str, str]:
    """Every text the provider wrote in the return: the narrative report, the notes on the
    finances, and each indicator's comment and explanation."""
    texts = {label: getattr(ret, name) or "" for name, label in TEXT_FIELDS}
    for code, note in sorted((ret.indicator_notes or {}).items()):
        for kind in ("comment", "explanation"):
            texts[f"{code} {kind}"] = (note or {}).get(kind) or ""
    return {label: text for label, text in texts.items() if text.strip()}


def _sqlite_lower(text: str) -> str:
    # SQLite's LOWER() lowers ASCII letters only: "Élodie" stays "Élodie".
    return "".join(c.lower() if c.isascii() else c for c in text)


def _candidates(texts: Mapping[str, str]) -> set[str]:
    """What a name recorded in the database may be, lowered, for the text to hold it: each word
    of two letters or more, each pair of neighbouring words ("mary ann"), and each word joined
    by apostrophes or hyphens as written ("o'brien", "smith-jones"); with and without accents,
    and as SQLite lowers a capitalised name ("Émile")."""
    found: set[str] = set()
    for text in texts.values():
        raw = re.findall(r"\w+", text)
        forms = [word for word in raw if len(word) >= SHORTEST_NAME]
        forms += [f"{a} {b}" for a, b in zip(raw, raw[1:], strict=False)]
        forms += [word.replace("\u2019", "'") for word in COMPOUND.findall(text)]
        for form in forms:
            lowered = form.lower()
            found.update({lowered, fold(lowered), _sqlite_lower(form.title())})
    return found


def _holds(haystack: str, words: list[str]) -> bool:
    return bool(words) and f" {' '.join(words)} " in haystack


def _written_as_name(text: str, words: list[str]) -> bool:
    """Whether a name found alone in `text` reads as a name there: always, unless it is one
    everyday word (COMMON_WORDS), which must then appear capitalised somewhere a sentence does
    not start ("we spoke to Will", not "will attend" nor "Will it help?")."""
    if len(words) != 1 or words[0] not in COMMON_WORDS:
        return True
    for match in re.finditer(r"\w+", text):
        word = match.group()
        if fold(word) != words[0] or not word[0].isupper():
            continue
        before = text[: match.start()].rstrip(" \t\"'(\u201c\u2018")
        if before and before[-1] not in SENTENCE_END:
            return True
    return False


@dataclass(frozen=True)
class NameFound:
    ref: str
    word: str  # what was found: the full name, or the first or last name alone
    places: tuple[str, ...]  # the labels of the texts it was found in


def names_in(contract: Contract, texts: Mapping[str, str]) -> list[NameFound]:
    """The young people of the contract whose recorded first name, last name or full name
    appears in any of `texts` (label -> text) as whole words, whatever the case and accents.

    A warning, not a rule: a name that is also an everyday word ("Amber", "Will", "Young") is
    reported alone only where the text writes it as a name (see `_written_as_name`), and a
    nickname is not caught. The database finds the candidates in one query
    (a name equal to a word of the texts); the texts are then searched word by word. A name
    recorded with an accent is found when the text has the accent too (the database compares
    lowered names, and lowering keeps accents)."""
    texts = {label: text for label, text in texts.items() if text.strip()}
    if not texts:
        return []
    candidates = sorted(_candidates(texts))
    named = YoungPerson.objects.for_contract(contract).annotate(
        first=Lower("first_name"), last=Lower("last_name")
    )
    people: dict[str, tuple[str, str, str]] = {}
    # One query, unless the texts are long enough (a pasted report) to pass the number of
    # parameters a query may have (SQLite: 32,766): then one per so many words.
    for start in range(0, len(candidates), CANDIDATES_PER_QUERY):
        chunk = candidates[start : start + CANDIDATES_PER_QUERY]
        for row in named.filter(Q(first__in=chunk) | Q(last__in=chunk)).values_list(
            "ref", "first_name", "last_name"
        ):
            people[row[0]] = row
    searched = {label: f" {' '.join(words_of(text))} " for label, text in texts.items()}
    found = []
    for ref, first, last in sorted(people.values(), key=lambda row: (row[2], row[1], row[0])):
        first_words, last_words = words_of(first), words_of(last)
        first_counts = len("".join(first_words)) >= SHORTEST_NAME
        last_counts = len("".join(last_words)) >= SHORTEST_NAME
        whole, parts, places = False, set(), []
        for label, haystack in searched.items():
            here = False
            if _holds(haystack, first_words + last_words):
                whole = here = True
            as_written = texts[label]
            if (
                first_counts
                and _holds(haystack, first_words)
                and _written_as_name(as_written, first_words)
            ):
                parts.add("first")
                here = True
            if (
                last_counts
                and _holds(haystack, last_words)
                and _written_as_name(as_written, last_words)
            ):
                parts.add("last")
                here = True
            if here:
                places.append(label)
        if not places:
            continue
        if whole:
            word = f"{first} {last}"
        else:
            word = " and ".join(
                name for part, name in (("first", first), ("last", last)) if part in parts
            )
        found.append(NameFound(ref, word, tuple(places)))
    return found


def names_in_return(ret: Return) -> list[NameFound]:
    """The young people named in the provider's words of the return (one query, none if it has
    no words yet)."""
    texts = texts_of(ret)
    return names_in(ret.contract, texts) if texts else []


def named_at_submission(ret: Return) -> list[tuple[str, ...]] | None:
    """Where the provider's text seemed to name young people when the return was last
    submitted (the labels of the texts, one tuple per person), read from its history
    (`ret.events`, prefetched by the return's page: no query). None when that submission kept
    no note: it was made before Tamar kept one."""
    submissions = [event for event in ret.events.all() if event.action == ReturnEvent.Action.SUBMIT]
    if not submissions or submissions[-1].named_in is None:
        return None
    return [tuple(places) for places in submissions[-1].named_in]
