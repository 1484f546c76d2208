"""A resident seen at a police forum may have reasons not to be seen there: a
summary's photo is published only once the organizer records that everyone
who can be recognised in it agreed, and a photo without that record is never
shown, whoever put it there."""

import pytest
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import inline_formset

from outcomes.models import ForumSummaryPage, SummaryPhoto
from tests.outcomes.editing import add_url, summary_form_data

pytestmark = pytest.mark.django_db

NO_CONSENT = (
    "Publish a photo only once everyone who can be recognised in it has agreed. "
    "Tick the box when they have, or remove the photo."
)


@pytest.fixture
def image(db):
    return get_image_model().objects.create(
        title="Forum night", file=get_test_image_file()
    )


def photo_row(image, **fields):
    return {"image": image.pk, "alt_text_en": "Residents around a table", **fields}


def publish_with(client, forum, photo):
    data = summary_form_data(
        photos=inline_formset([photo]), **{"action-publish": "action-publish"}
    )
    return client.post(add_url(forum), data)


def test_a_photo_without_consent_is_refused_and_nothing_is_saved(
    client, held_forum, admin_user, image
):
    client.force_login(admin_user)

    response = publish_with(client, held_forum, photo_row(image))

    assert response.status_code == 200
    assert NO_CONSENT in response.content.decode()
    assert not ForumSummaryPage.objects.filter(forum=held_forum).exists()
    assert not SummaryPhoto.objects.exists()


def test_a_photo_with_consent_is_published(client, held_forum, admin_user, image):
    client.force_login(admin_user)

    response = publish_with(client, held_forum, photo_row(image, consent_given="on"))

    assert response.status_code == 302
    summary = ForumSummaryPage.objects.get(forum=held_forum)
    html = client.get(summary.url).content.decode()
    assert 'alt="Residents around a table"' in html


def test_a_photo_stored_without_consent_is_not_shown(summary, image, client):
    """As every photo saved before consent was asked for, or one written into
    the database by other means."""
    SummaryPhoto.objects.create(
        summary=summary, image=image, alt_text="Faces in the crowd", sort_order=0
    )
    SummaryPhoto.objects.create(
        summary=summary,
        image=image,
        alt_text="The panel speaking",
        consent_given=True,
        sort_order=1,
    )

    html = client.get(summary.url).content.decode()

    assert "The panel speaking" in html
    assert "Faces in the crowd" not in html
