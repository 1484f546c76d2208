"""The surveys the home page invites readers to, read as cards.

A card shows a survey's title, when it closes and whether it is anonymous. A
survey page object carries every language's columns and cost the home page more
to build than its card did to draw; a card holds what it shows, in the reader's
language and the one it falls back to.
"""

from cms.listings import ChildAddresses
from engage.i18n import RowText, columns_in

COLUMNS = ("pk", "url_path", "closes_at", "anonymous")


class SurveyCard:
    """What ``surveys/includes/home_open_surveys.html`` shows of a survey, with
    the columns ``engage.i18n.fallback_attributes`` compares to mark its title
    as English when it is not translated."""

    def __init__(self, row, url):
        self.__dict__.update(row)
        self.url = url

    title = RowText("title")


def survey_card_rows(surveys, language):
    """What the cards of ``surveys`` (filtered, ordered and sliced as the
    section shows them) show, as ``values()`` rows in ``language``."""
    return surveys.rewrite(False).values(*COLUMNS, *columns_in(language, "title"))


def cards_of(rows, request):
    """``survey_card_rows`` as ``SurveyCard``s, in their order."""
    addresses = ChildAddresses(request)
    return [SurveyCard(row, addresses(row["url_path"])) for row in rows]
