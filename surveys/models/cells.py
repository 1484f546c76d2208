"""Running totals of a survey's results, so the results page reads a few rows
whatever the number of responses.

One row per survey and cell (language, forum, area, month), and one per
language and month for all forums and areas together: the figures that
``surveys.results`` adds up, kept in step with the responses by
``surveys.tallies`` in the transaction that writes them. A cell holds counts
only: no response id and no date finer than the month, so it says nothing
about who answered or when that the published results do not.
"""

from django.db import models

from .responses import random_key

# Stored for "no forum" or "no area": NULLs never collide in a unique constraint.
NONE = 0
# Stored for "every forum" and "every area": the survey's total for a language
# and month, kept beside the cells it adds up, so that the unfiltered results
# read a row per language and month however many forums and areas there are.
ALL = 2**63 - 1


class ResultCell(models.Model):
    """The figures of one survey's responses from one language, forum, area and
    month, as a JSON object (``surveys.tallies`` encodes and decodes them).

    The key is random and, for an anonymous survey, the cells of the month a
    response counts in are rewritten with new keys in a random order in its
    transaction, as ``surveys.mixing`` rewrites the person side: no key, row
    order or transaction id says which cell the latest (or first) response
    went to."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    survey = models.ForeignKey(
        "surveys.SurveyPage", on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=10)
    # Plain ids, not foreign keys: a forum or area deleted later is merged into
    # "none" by ``surveys.tallies`` as responses set it to NULL.
    forum_pk = models.PositiveBigIntegerField(default=NONE)
    area_pk = models.PositiveBigIntegerField(default=NONE)
    month = models.DateField()
    figures = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "language", "forum_pk", "area_pk", "month"],
                name="surveys_one_result_cell",
            )
        ]

    def __str__(self):
        return f"{self.survey_id} · {self.language} · {self.month:%Y-%m}"

    @property
    def key(self):
        """The cell as ``surveys.results`` names it: (language, forum, area, month)."""
        return (
            self.language,
            self.forum_pk or None,
            self.area_pk or None,
            self.month,
        )
