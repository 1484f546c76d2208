import functools

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Page

from cms.unpublishing import withdraw_first
from engage.compiled import NOW_PLACEHOLDER, CompiledQuery
from engage.deletion import protect_from_deletion

from . import privacy, withdrawing
from .models import Audience, Response, SurveyPage, open_surveys
from .models.cards import cards_of, survey_card_rows
from .views import admin as admin_views
from .views.answering import survey_thanks
from .views.paged import answer_survey
from .views.paper import paper_questionnaire
from .views.published import survey_results

START_NEXT = _("Start next month's survey from this one")
WITHDRAW_RESULTS = _("Withdraw the results")
PUBLISH_AGAIN = _("Publish the results again")

admin_patterns = [
    path(
        "<int:page_id>/results/", admin_views.AdminResultsView.as_view(), name="results"
    ),
    path(
        "<int:page_id>/answers/", admin_views.TextAnswersView.as_view(), name="answers"
    ),
    path("<int:page_id>/paper/", admin_views.PaperEntryView.as_view(), name="paper"),
    path("<int:page_id>/codes/", admin_views.CodesView.as_view(), name="codes"),
    path(
        "<int:page_id>/start-next/",
        admin_views.StartNextView.as_view(),
        name="start_next",
    ),
    path(
        "<int:page_id>/codes/attendees/",
        admin_views.AttendeeCodesView.as_view(),
        name="codes_attendees",
    ),
    path(
        "<int:page_id>/codes/print/",
        admin_views.PrintCodesView.as_view(),
        name="codes_print",
    ),
    path(
        "<int:page_id>/responses.<str:fmt>",
        admin_views.export_responses,
        name="export",
    ),
    path(
        "<int:page_id>/withdraw-results/",
        admin_views.withdraw_results,
        name="withdraw_results",
    ),
    path(
        "<int:page_id>/publish-results-again/",
        admin_views.publish_results_again,
        name="publish_results_again",
    ),
]


@hooks.register("surveys_page_view")
def survey_page_views():
    """The views behind ``SurveyPage``'s routes (``SurveyPage.serve_route``)."""
    return {
        "answer": answer_survey,
        "thanks": survey_thanks,
        "results": survey_results,
        "paper": paper_questionnaire,
    }


@hooks.register("register_admin_urls")
def register_survey_admin_urls():
    return [path("surveys/", include((admin_patterns, "surveys_admin")))]


@hooks.register("register_page_header_buttons")
def survey_header_buttons(page, user, view_name, next_url=None):
    if not isinstance(page.specific_deferred, SurveyPage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    links = [
        ("results", _("Results"), "list-ul", 80),
        ("answers", _("Free-text answers"), "openquote", 81),
        ("paper", _("Enter a paper response"), "edit", 82),
        ("codes", _("Invitation codes"), "key", 83),
        ("start_next", START_NEXT, "copy", 84),
    ]
    survey = page.specific_deferred
    if page.permissions_for_user(user).can_publish():
        if withdrawing.results_shown(survey):
            links.append(("withdraw_results", WITHDRAW_RESULTS, "no-view", 85))
        elif survey.results_withdrawn:
            links.append(("publish_results_again", PUBLISH_AGAIN, "view", 85))
    for name, label, icon, priority in links:
        yield Button(
            label,
            reverse(f"surveys_admin:{name}", args=[page.pk]),
            icon_name=icon,
            priority=priority,
        )


# Results the public has read are withdrawn with a reason; unpublishing the
# survey would take them down without one.
WITHDRAW_FIRST = _(
    "This survey's results are public. Withdraw them first, saying why, so their "
    "address tells the public; then unpublish the survey."
)
withdraw_first(
    withdrawing.surveys_showing_results,
    "surveys_admin:withdraw_results",
    asked=WITHDRAW_FIRST,
    below=WITHDRAW_FIRST,
    bulk=WITHDRAW_FIRST,
)


@hooks.register("register_page_listing_more_buttons")
def survey_listing_buttons(page, user, next_url=None):
    if not isinstance(page.specific_deferred, SurveyPage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        START_NEXT,
        reverse("surveys_admin:start_next", args=[page.pk]),
        icon_name="copy",
        priority=21,
    )


# Responses are evidence: a survey that has them is unpublished, not deleted.
protect_from_deletion(
    SurveyPage,
    lambda surveys: Response.objects.filter(survey__in=surveys),
    _(
        "This survey has responses, so it cannot be deleted. Unpublish it "
        "instead; its results stay counted."
    ),
)


@functools.lru_cache(maxsize=64)
def _open_surveys_query(home_key, home_path, home_depth, language):
    """The three surveys below a home page that close soonest, open to all, as
    card rows, compiled once per home page and language with the time now
    (``engage.compiled``): building the query cost the home page more than
    running it."""
    home = Page(pk=home_key, path=home_path, depth=home_depth)
    surveys = open_surveys(NOW_PLACEHOLDER).exclude(audience=Audience.INVITED)
    rows = survey_card_rows(surveys.descendant_of(home)[:3], language)
    return CompiledQuery(rows, placeholders=(NOW_PLACEHOLDER,))


@hooks.register("engage_home_sections")
def home_open_surveys(request, home_page):
    query = _open_surveys_query(
        home_page.pk, home_page.path, home_page.depth, get_language()
    )
    surveys = cards_of(query.rows(timezone.now()), request)
    if not surveys:
        return None
    return {"template": "surveys/includes/home_open_surveys.html", "surveys": surveys}


# Privacy rights: the privacy page, the data download and account deletion.
hooks.register("engage_privacy_sections", privacy.privacy_section)
hooks.register("engage_personal_data", privacy.personal_data)
hooks.register("engage_erase_personal_data", privacy.erase_personal_data)
