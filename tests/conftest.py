import pytest
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Page, Site

from cms.models import HomePage

LANGUAGES = ["en", "es", "zh-hans", "vi", "ar", "ko"]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_at_start():
    """The test client leaves the last request's language active; start each test
    in English so `Model(title=...)` fills the English column."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def home(db):
    """A bare home page as the default site root, in place of the welcome page."""
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = root.add_child(
        instance=HomePage(title="Engage home", title_es="Inicio", slug="home")
    )
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True
    )
    return home


@pytest.fixture
def demo_site(db):
    """The full demo site, as `make run` builds it."""
    from cms.demo import builder

    return builder.build()
