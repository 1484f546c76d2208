from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import health, media, privacy_views, readiness, views

urlpatterns = [
    path(health.PATH.lstrip("/"), health.healthz, name="healthz"),
    path(readiness.PATH.lstrip("/"), readiness.readyz, name="readyz"),
    # Staff sign in through allauth, which asks for the second factor; Wagtail's
    # own password-only form is never offered.
    path("admin/login/", views.admin_login),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        f"{settings.MEDIA_URL.strip('/')}/images/<path:path>",
        media.rendition,
        name="image_rendition",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    # anymail's webhooks, answering 400 (not 500) to a malformed body.
    path("anymail/", include("engage.webhooks")),
]

urlpatterns += i18n_patterns(
    path("", include("cms.urls")),
    path("accounts/profile/", views.profile, name="account_profile"),
    path("privacy/", privacy_views.privacy_page, name="privacy"),
    path("accounts/my-data/", privacy_views.download_data, name="account_data"),
    path("accounts/delete/", privacy_views.delete_account, name="account_delete"),
    path("accounts/", include("allauth.urls")),
    path("", include("forums.urls")),
    path("", include("outcomes.urls")),
    path("", include("surveys.urls")),
    path("", include("pledges.urls")),
    path("", include("questions.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler404 = "engage.views.page_not_found"
handler500 = "engage.views.server_error"
# allauth renders its sign-in rate-limit page through this handler.
handler429 = "engage.views.too_many_requests"
