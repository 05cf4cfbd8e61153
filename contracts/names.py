"""How a young person's recorded name is recognised in free text, for those who must keep it out
of what others read (kpis' warning on a return's words, funds4care's pseudonymised panel pages):
folding case and accents alike, and the names that are also everyday words."""

from __future__ import annotations

import unicodedata

# First and last names that are also everyday words, many of them in a return's own vocabulary
# ("amber", "will", "may", "young"): alone, such a word is taken for a name only where the text
# writes it as one (each user says how).
COMMON_WORDS = frozenset(
    """
    amber april autumn bell best bill bishop black bright brook brown bush carter chance cook
    dale dawn day dean earl east eve faith field ford frank gene glen gold good grace green
    grey hall hart heath hill hope hunter joy june just king lake lane little long love major
    mark marsh mason max may miles moss north noble page park price reed rich river rose rush
    small south star stone summer sunny taylor wall ward west white will wood young
    """.split()  # noqa: SIM905 - words read better as words than as a list of strings
)


def fold(text: str) -> str:
    """Lower case without accents: "ZOË" and "zoe" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
