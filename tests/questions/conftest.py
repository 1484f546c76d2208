import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from forums.roles import ORGANIZERS, ensure_roles
from tests.factories.forums import make_forum
from tests.factories.questions import make_board
from tests.helpers import sign_in


@pytest.fixture
def organizer_user(django_user_model, forum_index):
    ensure_roles()
    user = django_user_model.objects.create_user("org", "org@example.org", "pw")
    user.groups.add(Group.objects.get(name=ORGANIZERS))
    return user


@pytest.fixture
def forum(forum_index, organizer_user):
    """Tonight's forum, which ``organizer_user`` created (so organizes)."""
    start = timezone.now() - datetime.timedelta(minutes=30)
    return make_forum(forum_index, start=start, owner=organizer_user)


@pytest.fixture
def board(forum):
    return make_board(forum)


@pytest.fixture
def organizer(client, organizer_user):
    return sign_in(client, organizer_user)
