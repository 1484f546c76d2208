"""The summary's page form and the refusal it shares with the page: an action
item once published is never removed."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail.admin.forms import WagtailAdminPageForm

from engage.i18n import LANGUAGE_CODES
from forums.models import ForumPage

PUBLISHED_ITEM_KEPT = _(
    "“%(item)s” has been published and cannot be removed. Set its status to "
    "declined and say why instead."
)


def item_kept(item):
    """The refusal to remove ``item``, an action item once published."""
    return ValidationError(PUBLISHED_ITEM_KEPT, params={"item": str(item)})


class ForumSummaryForm(WagtailAdminPageForm):
    """Starts a new summary with the forum's check-in counts, which stay editable,
    and keeps every action item once the summary has been published."""

    def is_valid(self):
        """An item marked for removal is refused here, with the editor's work
        still on screen; ``ForumSummaryPage.clean`` refuses it on every other
        path to a save (a revert, an approval)."""
        valid = super().is_valid()
        if self.instance.first_published_at:
            for form in self.formsets["action_items"].deleted_forms:
                if form.instance.pk:
                    self.add_error(None, item_kept(form.instance))
                    valid = False
        return valid

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        parent = parent_page.specific if parent_page is not None else None
        if self.instance.pk is None and parent is not None and not self.is_bound:
            if isinstance(parent, ForumPage):
                counts = parent.attendance()
                self.initial.update(
                    residents_attended=counts["checked_in_people"],
                    walk_ins=counts["walk_in_people"],
                    officers_attended=parent.expected_officers.count(),
                    slug="summary",
                )
                for code in LANGUAGE_CODES:
                    name = build_localized_fieldname("title", code)
                    title = getattr(parent, name, "")
                    if name in self.fields and title and not self.initial.get(name):
                        self.initial[name] = title
