"""Organizers and lead organizers file a summary's photos and documents in the
"Forums" collection: they see its items in the choosers and can upload there."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from forums.roles import (
    COLLECTION_NAME,
    LEAD_ORGANIZERS,
    ORGANIZERS,
    ensure_roles,
    forums_collection,
)
from tests.helpers import sign_in

Image = get_image_model()
Document = get_document_model()


@pytest.fixture
def collection(forum_index):
    ensure_roles()
    return Collection.objects.get(name=COLLECTION_NAME)


@pytest.fixture
def media(collection):
    other = Collection.get_first_root_node().add_child(name="Pledge evidence")
    return {
        "image": Image.objects.create(
            title="Town hall photo", file=get_test_image_file(), collection=collection
        ),
        "document": Document.objects.create(
            title="Meeting minutes",
            file=ContentFile(b"%PDF-1.4 minutes", name="minutes.pdf"),
            collection=collection,
        ),
        "hidden_image": Image.objects.create(
            title="Elsewhere photo", file=get_test_image_file(), collection=other
        ),
    }


@pytest.fixture(params=[ORGANIZERS, LEAD_ORGANIZERS])
def staff(request, django_user_model, client, collection):
    user = django_user_model.objects.create_user(
        "organizer", "organizer@example.org", "pw"
    )
    user.groups.add(Group.objects.get(name=request.param))
    return sign_in(client, user)


def test_roles_are_idempotent_and_use_one_collection(collection):
    ensure_roles()
    assert forums_collection() == collection
    assert Collection.objects.filter(name=COLLECTION_NAME).count() == 1
    group = Group.objects.get(name=ORGANIZERS)
    assert sorted(
        group.collection_permissions.values_list("permission__codename", flat=True)
    ) == [
        "add_document",
        "add_image",
        "change_document",
        "change_image",
        "choose_document",
        "choose_image",
    ]


def test_choosers_list_the_forums_collection(staff, media):
    response = staff.get("/admin/images/chooser/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Town hall photo" in html
    assert "Elsewhere photo" not in html
    response = staff.get("/admin/documents/chooser/")
    assert response.status_code == 200
    assert "Meeting minutes" in response.content.decode()


def test_document_and_image_listings_open(staff, media):
    assert staff.get("/admin/documents/").status_code == 200
    assert staff.get("/admin/images/").status_code == 200


def test_uploads_land_in_the_forums_collection(staff, collection):
    response = staff.post(
        "/admin/images/add/",
        {
            "title": "Sign-in table",
            "file": SimpleUploadedFile(
                "table.png", get_test_image_file().file.getvalue()
            ),
            "collection": collection.pk,
        },
    )
    assert response.status_code == 302
    assert Image.objects.get(title="Sign-in table").collection == collection
    response = staff.post(
        "/admin/documents/add/",
        {
            "title": "Agenda",
            "file": SimpleUploadedFile("agenda.pdf", b"%PDF-1.4 agenda"),
            "collection": collection.pk,
        },
    )
    assert response.status_code == 302
    assert Document.objects.get(title="Agenda").collection == collection
