"""Run inside ``manage.py shell`` by test_backup_restore: what a database shows.

Writes to the file named by SNAPSHOT_PATH the row count of every model and the
HTML of every live page in two languages, with the per-request random parts
(CSRF tokens, CSP nonces) blanked, so two databases can be compared."""

import json
import os
import re

from django.apps import apps
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from wagtail.models import Page

RANDOM_PER_REQUEST = [
    re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+'),
    re.compile(r'(nonce=")[^"]+'),
    re.compile(r'(name="csrf-token" content=")[^"]+'),
]
LANGUAGES = ["en", "es"]


def counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def pages():
    # A host the development settings allow.
    client = Client(HTTP_HOST="localhost")
    rendered = {}
    live = Page.objects.live().filter(depth__gt=1).specific().order_by("path")
    for language in LANGUAGES:
        with translation.override(language):
            urls = [(page.url, page._meta.model_name) for page in live if page.url]
        for url, kind in [*urls, (f"/{language}/privacy/", "privacy")]:
            cache.clear()
            response = client.get(url)
            html = response.content.decode()
            for pattern in RANDOM_PER_REQUEST:
                html = pattern.sub(r"\1-", html)
            rendered[url] = {"kind": kind, "status": response.status_code, "html": html}
    return rendered


def main():
    with open(os.environ["SNAPSHOT_PATH"], "w") as output:
        json.dump({"counts": counts(), "pages": pages()}, output)
