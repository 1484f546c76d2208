"""modeltranslation's queryset class is made once per queryset class, and the
querysets it gives still read the reader's language."""

import pytest
from django.utils import translation
from modeltranslation.manager import MultilingualQuerySet
from wagtail.models import Page

from forums.models import ForumPage
from pledges.models import PledgePage
from pledges.models.pages import PledgeQuerySet


def test_each_call_gets_the_same_class():
    first, second = type(PledgePage.objects.all()), type(PledgePage.objects.live())
    assert first is second
    assert issubclass(first, PledgeQuerySet)
    assert issubclass(first, MultilingualQuerySet)


def test_each_queryset_class_keeps_its_own():
    pledges, forums = type(PledgePage.objects.all()), type(ForumPage.objects.all())
    assert pledges is not forums
    assert not issubclass(forums, PledgeQuerySet)


@pytest.mark.django_db
def test_lookups_on_translated_fields_still_follow_the_language(home):
    home.title_es = "Inicio"
    home.save()
    with translation.override("es"):
        assert list(Page.objects.filter(title="Inicio")) == [home.page_ptr]
    with translation.override("en"):
        assert list(Page.objects.filter(title="Inicio")) == []
