"""Editors create and publish every page type through the real Wagtail admin."""

from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from cms.models import (
    ContactPage,
    HomePage,
    ResourceIndexPage,
    ResourcePage,
    StandardPage,
)
from engage.i18n import LANGUAGE_FIELD_SUFFIXES
from tests.factories.cms import ResourceIndexPageFactory

LANGUAGE_SUFFIXES = LANGUAGE_FIELD_SUFFIXES


def stream(name, blocks=()):
    """StreamField data for every language column: the admin form has one each."""
    return {
        f"{name}_{suffix}": streamfield(list(blocks) if suffix == "en" else [])
        for suffix in LANGUAGE_SUFFIXES
    }


def add_url(model, parent):
    return reverse(
        "wagtailadmin_pages:add",
        args=("cms", model._meta.model_name, parent.pk),
    )


def publish(client, model, parent, data, multiple=None):
    """POST the add form with "Publish"; ``multiple`` holds multi-valued fields."""
    post_data = nested_form_data({**data, "action-publish": "Publish"})
    response = client.post(add_url(model, parent), {**post_data, **(multiple or {})})
    assert response.status_code == 302, _form_errors(response)
    return response


def _form_errors(response):
    context = response.context or {}
    form = context.get("form")
    return form.errors.as_json() if form is not None else response.status_code


def test_home_page_is_created_under_the_root(admin_client):
    root = Page.get_first_root_node()
    assert not HomePage.objects.exists()

    publish(
        admin_client,
        HomePage,
        root,
        {
            "title_en": "Welcome to Engage",
            "title_es": "Bienvenidos a Engage",
            "slug": "engage",
            "intro_en": rich_text("<p>Meet the officers who patrol your street.</p>"),
            **stream("body"),
        },
    )

    home = HomePage.objects.get(slug="engage")
    assert home.live
    assert home.get_parent().pk == root.pk
    assert home.title_en == "Welcome to Engage"
    assert home.title_es == "Bienvenidos a Engage"
    assert "Meet the officers" in home.intro_en


def test_second_home_page_is_refused(admin_client, home):
    root = Page.get_first_root_node()

    response = admin_client.post(
        add_url(HomePage, root),
        nested_form_data(
            {
                "title_en": "Another home",
                "slug": "another-home",
                "action-publish": "Publish",
            }
        ),
    )

    # Wagtail answers a refused "add" by sending the editor back to the dashboard.
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert HomePage.objects.count() == 1


def test_standard_page_with_a_body(admin_client, home):
    publish(
        admin_client,
        StandardPage,
        home,
        {
            "title_en": "Know your rights",
            "slug": "know-your-rights",
            "intro_en": "What officers may ask you.",
            **stream(
                "body",
                [
                    ("heading", {"text": "At a traffic stop", "level": "h2"}),
                    ("paragraph", rich_text("<p>Keep your hands visible.</p>")),
                ],
            ),
        },
    )

    page = StandardPage.objects.get(slug="know-your-rights")
    assert page.live
    assert page.get_parent().pk == home.pk
    assert [block.block_type for block in page.body_en] == ["heading", "paragraph"]
    assert page.body_en[0].value["text"] == "At a traffic stop"


def test_resource_index_page(admin_client, home):
    publish(
        admin_client,
        ResourceIndexPage,
        home,
        {
            "title_en": "Help and resources",
            "slug": "help",
            "intro_en": rich_text("<p>Free help near you.</p>"),
        },
    )

    page = ResourceIndexPage.objects.get(slug="help")
    assert page.live
    assert page.get_parent().pk == home.pk


def test_resource_page(admin_client, home):
    index = ResourceIndexPageFactory(parent=home)

    publish(
        admin_client,
        ResourcePage,
        index,
        {
            "title_en": "Riverton Legal Aid",
            "slug": "legal-aid",
            "category": "legal",
            "summary_en": "Free legal advice after a police stop.",
            "summary_es": "Asesoría legal gratuita después de una parada policial.",
            **stream("body"),
            "phone": "555-0110",
            "website": "https://legalaid.example.org",
        },
        multiple={"languages_served": ["en", "vi"]},
    )

    page = ResourcePage.objects.get(slug="legal-aid")
    assert page.live
    assert page.get_parent().pk == index.pk
    assert page.category == "legal"
    assert page.languages_served == ["en", "vi"]
    assert page.summary_es.startswith("Asesoría legal")


def test_contact_page_with_form_fields(admin_client, home):
    field = {
        "help_text_en": "",
        "required": "on",
        "choices_en": "",
        "default_value_en": "",
    }
    publish(
        admin_client,
        ContactPage,
        home,
        {
            "title_en": "Contact the office",
            "slug": "contact-office",
            "to_address": "office@example.org",
            "from_address": "site@example.org",
            "subject": "A message from the site",
            "intro_en": rich_text("<p>Write to us.</p>"),
            "thank_you_text_en": rich_text("<p>Thank you.</p>"),
            "form_fields": inline_formset(
                [
                    {**field, "label_en": "Your name", "field_type": "singleline"},
                    {
                        **field,
                        "label_en": "Your message",
                        "label_es": "Su mensaje",
                        "field_type": "multiline",
                    },
                ]
            ),
        },
    )

    page = ContactPage.objects.get(slug="contact-office")
    assert page.live
    assert page.to_address == "office@example.org"
    fields = list(page.form_fields.order_by("sort_order"))
    assert [f.label_en for f in fields] == ["Your name", "Your message"]
    assert fields[1].label_es == "Su mensaje"
    assert all(f.required for f in fields)


def test_publishing_without_a_title_shows_an_error(admin_client, home):
    response = admin_client.post(
        add_url(StandardPage, home),
        nested_form_data(
            {
                "title_en": "",
                "slug": "untitled",
                **stream("body"),
                "action-publish": "Publish",
            }
        ),
    )

    assert response.status_code == 200
    assert "title_en" in response.context["form"].errors
    assert not StandardPage.objects.filter(slug="untitled").exists()
