"""Action items need a description and show when they are overdue; a summary's
documents are attached once however often the editor saves."""

import datetime

from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import inline_formset

from outcomes import sending
from outcomes.models import ActionStatus, ForumSummaryPage
from tests.factories.outcomes import COUNTING, make_members, make_summary
from tests.outcomes.editing import ITEM, add_url, edit_url, summary_form_data


def test_an_action_item_without_a_description_is_refused(client, held_forum, organizer):
    client.force_login(organizer)
    for blank in ("", "   "):
        data = summary_form_data(
            action_items=inline_formset([{**ITEM, "description_en": blank}])
        )
        response = client.post(add_url(held_forum), data)
        assert response.status_code == 200
        assert "Describe the action: what will be done." in response.content.decode()
    assert not ForumSummaryPage.objects.exists()


def test_overdue_open_items_are_flagged_on_the_page_print_and_email(
    client, settings, held_forum
):
    today = timezone.localdate()
    summary = make_summary(
        held_forum,
        items=[
            ("Late and open", ActionStatus.OPEN),
            ("Late but done", ActionStatus.DONE),
            ("Not due yet", ActionStatus.IN_PROGRESS),
        ],
    )
    due = {
        "Late and open": today - datetime.timedelta(days=1),
        "Late but done": today - datetime.timedelta(days=1),
        "Not due yet": today + datetime.timedelta(days=1),
    }
    for item in summary.action_items.all():
        item.due_date = due[item.description]
        item.save()
    overdue = '<strong class="action-overdue">Overdue</strong>'
    for url in (summary.url, summary.url + "print/"):
        page = client.get(url).content.decode()
        assert page.count(overdue) == 1
        row = page[page.index("Late and open") :]
        assert row.index(overdue) < row.index("</tr>")
    settings.EMAIL_BACKEND = COUNTING
    mail.outbox = []
    make_members(1, languages=["en"])
    sending.send_pending(sending.create_distribution(summary, enqueue=False))
    (message,) = mail.outbox
    assert "(Lt. Rivera; due" in message.body
    lines = [line for line in message.body.splitlines() if "Overdue" in line]
    assert len(lines) == 1 and lines[0].startswith("- Late and open")
    assert message.alternatives[0][0].count("<strong>Overdue</strong>") == 1


def make_document():
    return get_document_model().objects.create(
        title="Patrol map", file=ContentFile(b"%PDF-1.4 map", name="patrol-map.pdf")
    )


def test_a_document_is_attached_once_after_an_autosave(admin_client, held_forum):
    document = make_document()
    attached = inline_formset([{"document": str(document.pk), "title_en": ""}])
    # The first autosave of the new summary stores the document ...
    response = admin_client.post(
        add_url(held_forum),
        summary_form_data(documents=attached),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200, response.content.decode()[:500]
    summary = ForumSummaryPage.objects.get(forum=held_forum)
    assert summary.documents.count() == 1
    # ... and the next save is posted from a copy without its id (it raced the
    # autosave's answer), then the summary is published.
    response = admin_client.post(
        edit_url(summary),
        summary_form_data(documents=attached, **{"action-publish": "Publish"}),
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    summary = ForumSummaryPage.objects.get(pk=summary.pk)
    assert summary.live
    assert [d.document_id for d in summary.documents.all()] == [document.pk]
    page = admin_client.get(summary.url).content.decode()
    assert page.count(">Patrol map</a>") == 1
