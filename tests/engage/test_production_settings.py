"""What the production settings make of the environment: the shared cache,
the task backend, who hears about errors, and the probes' HTTPS exemption."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.helpers import fresh_production_settings

REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def production(monkeypatch):
    """Import the production settings anew under the given environment."""
    monkeypatch.setenv("SECRET_KEY", "p" * 30 + "-not-a-real-production-secret-key")
    monkeypatch.setenv("ALLOWED_HOSTS", "engage.example.org")
    for name in ("REDIS_URL", "CACHE_URL", "TASK_BACKEND", "ADMINS"):
        monkeypatch.delenv(name, raising=False)

    def load(**environ):
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return fresh_production_settings()

    return load


def test_without_redis_the_cache_is_shared_files_and_tasks_the_database(
    production,
):
    module = production()
    cache = module.CACHES["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert module.TASKS == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert "django_tasks_rq" not in module.INSTALLED_APPS


@pytest.mark.parametrize("variable", ["REDIS_URL", "CACHE_URL"])
def test_redis_url_makes_redis_the_shared_cache(production, variable):
    module = production(**{variable: REDIS})
    assert module.CACHES == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
        }
    }
    # The database stays the task queue unless TASK_BACKEND says otherwise.
    assert module.TASKS == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_task_backend_rq_queues_tasks_in_the_same_redis(production):
    module = production(REDIS_URL=REDIS, TASK_BACKEND="rq")
    assert module.TASKS == {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
    }
    assert module.INSTALLED_APPS[-2:] == ["django_rq", "django_tasks_rq"]
    assert module.RQ_QUEUES == {"default": {"URL": REDIS}}


def test_task_backend_rq_without_redis_refuses_to_start(production):
    with pytest.raises(ImproperlyConfigured, match="TASK_BACKEND=rq needs REDIS_URL"):
        production(TASK_BACKEND="rq")


def test_an_unknown_task_backend_refuses_to_start(production):
    with pytest.raises(ImproperlyConfigured, match='TASK_BACKEND is "database"'):
        production(TASK_BACKEND="celery")


def test_admins_come_from_the_environment(production):
    assert production().ADMINS == []
    module = production(ADMINS="City IT <it@example.org>, ops@example.org")
    assert module.ADMINS == [
        ("City IT", "it@example.org"),
        ("ops@example.org", "ops@example.org"),
    ]


def test_readiness_limit_comes_from_the_environment(production):
    assert production().ENGAGE_READY_MAX_TASK_AGE == 300
    assert production(READY_MAX_TASK_AGE="60").ENGAGE_READY_MAX_TASK_AGE == 60


def test_both_probes_answer_over_plain_http(production):
    exempt = production().SECURE_REDIRECT_EXEMPT
    for path in ("healthz", "readyz"):
        assert any(re.search(pattern, path) for pattern in exempt)
    assert not any(re.search(pattern, "en/") for pattern in exempt)


def test_server_errors_are_mailed_to_admins_through_the_email_backend(production):
    logging = production().LOGGING
    assert "mail_admins" in logging["loggers"]["django"]["handlers"]
    handler = logging["handlers"]["mail_admins"]
    assert handler["class"] == "django.utils.log.AdminEmailHandler"
    assert "email_backend" not in handler  # the site's own EMAIL_BACKEND
