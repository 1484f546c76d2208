"""An address shown as text keeps its own left-to-right order on an Arabic page:
without ``dir="ltr"`` the trailing slash of ``https://…/4.0/`` is drawn at its
start, and a reader copying it by eye copies it wrong."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import translation

from forums import notifications
from forums.models import ForumFormat
from tests.factories.forums import RSVPFactory, make_forum


def addresses_shown(html):
    """The links whose visible text is a web address."""
    soup = BeautifulSoup(html, "html.parser")
    return [a for a in soup.find_all("a") if a.get_text(strip=True).startswith("http")]


@pytest.mark.parametrize("name", ["pledges:open_data_docs", "pledges:board_docs"])
def test_the_licence_address_reads_left_to_right_in_arabic(client, home, name):
    with translation.override("ar"):
        url = reverse(name)
    links = addresses_shown(client.get(url).content)
    assert [link.get("href") for link in links] == [links[0]["href"]]
    assert links[0]["href"].startswith("https://creativecommons.org/")
    assert links[0].get("dir") == "ltr"


def test_the_online_link_reads_left_to_right_in_an_arabic_email(forum_index, venue):
    forum = make_forum(
        forum_index,
        venue=venue,
        format=ForumFormat.HYBRID,
        online_url="https://meet.example.org/forum/",
    )
    notifications.rsvp_confirmed(RSVPFactory(forum=forum, language="ar"))
    (message,) = mail.outbox
    links = addresses_shown(message.alternatives[0][0])
    online = [link for link in links if link["href"] == forum.online_url]
    assert len(online) == 1
    assert all(link.get("dir") == "ltr" for link in links)
