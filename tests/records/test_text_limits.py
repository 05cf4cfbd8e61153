"""Every free text has a limit: said beside the field, a field error past it (giving both
lengths), and held by the database for the long texts too, whatever door a record comes in by."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from pytest_django.asserts import assertContains, assertNotContains

from contracts.models import Feedback, Initiative
from contracts.records import forms as record_forms
from tests.factories import YoungPersonFactory

from .support import url

pytestmark = pytest.mark.django_db

TEN_THOUSAND = ("A long comment. " * 625)[:-1] + "!"


@pytest.fixture
def person(contract_a):
    return YoungPersonFactory(contract=contract_a)


def test_a_comment_of_ten_thousand_characters_is_a_field_error(worker, contract_a, person):
    assert len(TEN_THOUSAND) == 10_000
    add = url("feedback_add", contract_a, young_person_pk=person.pk)
    page = worker.get(add)
    assertContains(page, "Up to 2,000 characters.")
    # No maxlength on the box: the browser would cut a pasted comment short without a word.
    assertNotContains(page, 'maxlength="2000"')

    data = {"date": "2025-06-01", "kind": "feedback", "rating": "4", "comment": TEN_THOUSAND}
    response = worker.post(add, data)
    assert response.context["form"].errors["comment"] == [
        "This is 10,000 characters long: it can be up to 2,000."
    ]
    assertContains(response, "Nothing was saved")
    # What they typed is still there to shorten.
    assertContains(response, TEN_THOUSAND[:200])
    assert not Feedback.objects.exists()

    assert worker.post(add, {**data, "comment": "x" * 2000}).status_code == 302
    assert len(Feedback.objects.get().comment) == 2000


def test_an_initiatives_description_is_up_to_4000_characters(worker, contract_a):
    add = url("initiative_add", contract_a)
    assertContains(worker.get(add), "Up to 4,000 characters.")
    data = {"title": "Covenant", "ref": "", "date": "2025-05-04", "description": "x" * 4001}
    response = worker.post(add, data)
    assert response.context["form"].errors["description"] == [
        "This is 4,001 characters long: it can be up to 4,000."
    ]
    assert not Initiative.objects.exists()


@pytest.mark.parametrize(
    ("model", "fields", "field", "limit"),
    [
        (Feedback, {"date": date(2025, 6, 1), "kind": "feedback"}, "comment", 2000),
        (Initiative, {"ref": "I-1", "date": date(2025, 6, 1), "title": "T"}, "description", 4000),
    ],
)
def test_the_database_refuses_longer_text_by_any_door(
    contract_a, person, model, fields, field, limit
):
    owner = {"young_person": person} if model is Feedback else {"contract": contract_a}
    record = model(**owner, **fields, **{field: "é" * (limit + 1)})
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    assert field in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        record.save()
    # The limit counts characters, not bytes: "é" is two bytes in UTF-8.
    model.objects.create(**owner, **fields, **{field: "é" * limit})


@pytest.mark.parametrize(
    ("form_class", "owner_fixture"),
    [
        (record_forms.YoungPersonForm, "contract_a"),
        (record_forms.SessionForm, "contract_a"),
        (record_forms.InitiativeForm, "contract_a"),
        (record_forms.AdditionalFundingForm, "contract_a"),
        (record_forms.FeedbackForm, "person"),
        (record_forms.InformationProvidedForm, "person"),
        (record_forms.AccreditationForm, "person"),
    ],
)
def test_every_free_text_field_says_its_limit(request, form_class, owner_fixture):
    form = form_class(owner=request.getfixturevalue(owner_fixture))
    texts = {
        name: field
        for name, field in form.fields.items()
        if type(field).__name__ == "CharField" and field.max_length
    }
    assert texts
    for name, field in texts.items():
        assert f"Up to {field.max_length:,} characters." in field.help_text, name
        too_long = form_class(
            {name: "x" * (field.max_length + 1)}, owner=request.getfixturevalue(owner_fixture)
        )
        assert too_long.errors[name] == [
            f"This is {field.max_length + 1:,} characters long: it can be up to "
            f"{field.max_length:,}."
        ]
