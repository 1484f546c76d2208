"""Private files stay private: a "logged-in users" collection means staff, never
any self-registered resident; documents only through Wagtail's view; image
originals never by a guessed path; public renditions served with a long cache."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories.engage import StaffFactory, UserFactory
from tests.helpers import login_redirect, sign_in

pytestmark = pytest.mark.django_db

Document = get_document_model()
Image = get_image_model()


@pytest.fixture
def private_collection():
    collection = Collection.get_first_root_node().add_child(name="Internal")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


@pytest.fixture
def private_document(private_collection):
    document = Document(title="Use-of-force draft", collection=private_collection)
    document.file.save("draft-policy.txt", ContentFile(b"internal draft"), save=True)
    return document


@pytest.fixture
def public_document():
    document = Document(title="Forum minutes")
    document.file.save("minutes.txt", ContentFile(b"public minutes"), save=True)
    return document


def test_a_resident_account_cannot_open_a_private_document(client, private_document):
    resident = UserFactory()
    sign_in(client, resident)
    response = client.get(private_document.url)
    assert response.status_code == 403
    assert "Staff only" in response.content.decode()


def test_a_stranger_is_sent_to_sign_in_for_a_private_document(client, private_document):
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert response["Location"] == login_redirect(private_document.url)


def test_staff_open_a_private_document(client, private_document):
    staff = StaffFactory(is_staff=True)
    sign_in(client, staff)
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"internal draft"


def test_anyone_opens_a_public_document(client, public_document):
    response = client.get(public_document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"public minutes"


@pytest.mark.parametrize("document", ["private_document", "public_document"])
def test_document_files_have_no_address_under_media(client, document, request):
    document = request.getfixturevalue(document)
    assert client.get(f"/media/{document.file.name}").status_code == 404


@pytest.fixture
def public_image():
    return Image.objects.create(title="Town hall", file=get_test_image_file())


@pytest.fixture
def private_image(private_collection):
    return Image.objects.create(
        title="Witness sketch",
        file=get_test_image_file(),
        collection=private_collection,
    )


def test_a_public_rendition_is_served_with_a_long_cache(client, public_image):
    rendition = public_image.get_rendition("width-100")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=2592000"
    assert response["Content-Type"] == "image/png"


def test_an_original_image_is_never_served(client, public_image):
    assert client.get(f"/media/{public_image.file.name}").status_code == 404
    listing = client.get("/media/original_images/", follow=True)
    assert listing.status_code == 404


def test_a_file_that_is_not_a_rendition_is_not_served(client, public_image):
    """A file written into images/ by hand is not something Wagtail made."""
    storage = public_image.file.storage
    name = storage.save("images/planted.png", ContentFile(b"not a rendition"))
    assert client.get(f"/media/{name}").status_code == 404


def test_a_private_rendition_is_for_staff_only(client, private_image):
    rendition = private_image.get_rendition("width-100")
    resident = UserFactory()
    sign_in(client, resident)
    assert client.get(rendition.url).status_code == 404
    staff = StaffFactory(is_superuser=True)
    sign_in(client, staff)
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
