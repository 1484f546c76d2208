"""``{% commitment_entry %}`` writes in Python what ``pledges/pledge_page.html``
wrote with a template loop (and ``pledges/includes/flags.html``) for each
commitment: its status, progress, facts, flags (gone quiet, since signing or
since its last update; overdue, against its date or its original one) and links,
in several languages, with markup typed into its text kept as text. Compared
with whitespace collapsed and the whitespace between tags left out, as a browser
reads it."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from pledges.choices import Status
from pledges.models import CommitmentPage
from pledges.models.progress import summarize
from pledges.models.querysets import commitment_rows_of
from pledges.templatetags.pledge_commitments import commitment_entry
from tests.factories.pledges import CommitmentPageFactory
from tests.helpers import markup_as_read

pytestmark = pytest.mark.django_db

# The template loop this tag replaced, as it was, to hold the tag to its markup.
TEMPLATE = """{% load i18n engage_tags pledge_tags %}
        {% for commitment in summary.commitments %}
          <li class="card pledge-commitment">
            <h3><a id="{{ commitment|name_id }}" href="{{ commitment.url }}"{% fallback_lang commitment "title" %}>{{ commitment.title }}</a></h3>
            <p class="tag">{{ commitment.get_principle_display }}</p>
            <p>{% status_badge commitment|report_style %}</p>
            {% progress_bar commitment.percentage|as_fraction named_by=commitment %}
            <dl class="facts">
              {% if commitment.responsible_office %}<dt>{% translate "Responsible" %}</dt><dd{% fallback_lang commitment "responsible_office" %}>{{ commitment.responsible_office }}</dd>{% endif %}
              {% if commitment.target_date %}<dt>{% translate "Target date" %}</dt><dd>{{ commitment.target_date|format_date:"medium" }}</dd>{% endif %}
              <dt>{% translate "Weight" %}</dt><dd>{{ commitment.weight|format_number }}</dd>
              <dt>{% translate "Latest update" %}</dt><dd>{% if commitment.latest_update_date %}{{ commitment.latest_update_date|format_date:"medium" }}{% else %}{% translate "None yet: counts as 0%" %}{% endif %}</dd>
            </dl>
{% if commitment.stale or commitment.overdue %}
  <ul class="pledge-flags">
    {% if commitment.stale %}
      <li class="pledge-flag pledge-flag--stale"><span aria-hidden="true">⏱</span>
        {% if commitment.has_update %}{% blocktranslate count days=commitment.quiet_days %}No update in {{ days }} day{% plural %}No update in {{ days }} days{% endblocktranslate %}{% else %}{% blocktranslate count days=commitment.quiet_days %}No update in the {{ days }} day since signing{% plural %}No update in the {{ days }} days since signing{% endblocktranslate %}{% endif %}
      </li>
    {% endif %}
    {% if commitment.overdue %}
      <li class="pledge-flag pledge-flag--overdue"><span aria-hidden="true">⚠</span>
        {% if commitment.overdue_against_original %}{% blocktranslate with date=commitment.original_target_date|format_date:"medium" %}Overdue against the original date, {{ date }}; the target date was moved{% endblocktranslate %}{% else %}{% blocktranslate with date=commitment.target_date|format_date:"medium" %}Overdue: the target date was {{ date }}{% endblocktranslate %}{% endif %}
      </li>
    {% endif %}
  </ul>
{% endif %}
            {% if commitment.action_item_count or commitment.question_count %}
              <ul class="pledge-commitment__links">
                {% if commitment.action_item_count %}<li><a href="{{ commitment.url }}#commitment-related-heading">{% blocktranslate count counter=commitment.action_item_count %}{{ counter }} related forum action item{% plural %}{{ counter }} related forum action items{% endblocktranslate %}</a></li>{% endif %}
                {% if commitment.question_count %}<li><a href="{{ commitment.url }}#commitment-related-heading">{% blocktranslate count counter=commitment.question_count %}{{ counter }} related survey question{% plural %}{{ counter }} related survey questions{% endblocktranslate %}</a></li>{% endif %}
              </ul>
            {% endif %}
          </li>
        {% endfor %}
"""  # noqa: E501


@pytest.fixture
def rows(pledge, commitment, overdue, update, today):
    update(Status.IN_PROGRESS, 40, days_ago=200)  # gone quiet since its update
    CommitmentPage.objects.filter(pk=commitment.pk).update(
        title_es='Junta <b>independiente</b> & "revisión"',
        responsible_office="Mayor's office",
    )
    moved = CommitmentPageFactory(
        parent=pledge,
        title="Moved target",
        responsible_office="",
        target_date=today - datetime.timedelta(days=10),
    )
    moved.target_date = today + datetime.timedelta(days=30)
    moved.save()
    fresh = CommitmentPageFactory(parent=pledge, title="Reported today")
    update(Status.MET, 100, on=fresh)

    def read():
        """The rows as a pledge page reads them, in the reader's language."""
        rows = commitment_rows_of(pledge, "/en/pledge/", with_links=True)
        rows[0].action_item_count, rows[0].question_count = 2, 1
        rows[1].question_count = 1
        summarize(pledge, rows)
        return rows

    return read


@pytest.mark.parametrize("language", ["en", "es", "ar", "vi"])
def test_each_entry_is_the_templates(rows, language):
    template = Template(TEMPLATE)
    with translation.override(language):
        summary = type("Summary", (), {"commitments": rows()})
        expected = template.render(Context({"summary": summary}))
        ours = "".join(commitment_entry(row) for row in summary.commitments)
    assert markup_as_read(ours) == markup_as_read(expected)
    # Every branch is drawn: both flags of each kind, both links, no office.
    assert ours.count("pledge-flag--stale") == 3
    assert ours.count("pledge-flag--overdue") == 2
    assert ours.count("#commitment-related-heading") == 3
    # Facts: no target date on the first, no office on the moved one.
    assert ours.count("<dt>") == 3 + 4 + 3 + 3
    if language == "es":
        assert (
            "Junta &lt;b&gt;independiente&lt;/b&gt; &amp; &quot;revisión&quot;" in ours
        )
