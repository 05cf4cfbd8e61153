"""The young person's recorded names masked in an application's words, whatever the case,
possessives, hyphens and accents; and nothing else of them given to the panel."""

import pytest

from funds4care.panel.pseudonymise import MASK, NameMask

M = MASK


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Jade-Marie Smith-Jones wants a laptop.", f"{M} wants a laptop."),
        ("JADE-MARIE SMITH-JONES", M),
        ("jade-marie smith-jones", M),
        ("Jade-Marie's laptop broke.", f"{M}'s laptop broke."),
        ("Smith-Jones\u2019s family", f"{M}\u2019s family"),
        ("Jade Marie Smith Jones", M),
        ("Smith-Jones, Jade-Marie", f"{M}, {M}"),
        ("Jade said so, and Marie, and JONES.", f"{M} said so, and {M}, and {M}."),
        ("Jaded smiths are jonesing.", "Jaded smiths are jonesing."),
    ],
)
def test_it_masks_every_form_of_a_hyphenated_name(text, masked):
    assert NameMask.of("Jade-Marie", "Smith-Jones").apply(text) == masked


def test_it_masks_a_name_recorded_with_accents_written_with_or_without_them():
    mask = NameMask.of("Zoë", "Élan")
    assert mask.apply("ZOË and zoe, Elan's") == f"{M} and {M}, {M}'s"


def test_an_everyday_word_as_a_name_is_masked_where_written_as_a_name():
    mask = NameMask.of("Will", "Young")
    assert mask.apply("Will thinks it will help young people. YOUNG agrees.") == (
        f"{M} thinks it will help young people. {M} agrees."
    )


def test_an_initial_is_left_alone_but_the_rest_masked():
    assert NameMask.of("Jo", "Ng").apply("J. Ng and Jo") == f"J. {M} and {M}"


def test_it_hides_the_young_persons_reference_and_council_id():
    mask = NameMask.of("Ann", "Lee", "YP-0042", "LA998877")
    assert mask.apply("See YP-0042 (yp-0042), LA998877.") == (
        "See [reference hidden] ([reference hidden]), [reference hidden]."
    )


def test_empty_text_stays_empty():
    assert NameMask.of("Ann", "Lee").apply("") == ""
