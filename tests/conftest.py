import pytest
from django.core.cache import cache
from wagtail.models import Page, Site

from cms.models import HomePage

LANGUAGES = ["en", "es", "zh-hans", "vi", "ar", "ko"]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """A bare home page as the default site's root, in place of Wagtail's welcome page."""
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
