"""Admin screens where organizers record an action item's progress: a list of
items, and one page per item with its history and a small status form. The
people who may edit a summary are the ones who may update its items."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from engage.i18n import LANGUAGE_CODES

from .action_updates import record_update
from .models import ActionItem, ActionStatus

PER_PAGE = 50


def editable_summaries(user):
    """Ids of the pages this user may edit, as a subquery."""
    pages = PagePermissionPolicy(Page).instances_user_has_any_permission_for(
        user, {"change"}
    )
    return pages.values("pk")


def editable_items(user):
    return ActionItem.objects.filter(summary__in=editable_summaries(user))


class ActionItemUpdateForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("New status"), choices=[])
    date = forms.DateField(
        label=gettext_lazy("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("When it happened; today unless it was earlier."),
    )
    after = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ActionStatus.choices
        self.fields["date"].initial = timezone.localdate()
        for code, name in _languages():
            self.fields[f"note_{code.replace('-', '_')}"] = forms.CharField(
                label=_("Note (%(language)s)") % {"language": name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=(
                    _(
                        "Shown publicly. Required to close an item (done or "
                        "declined): say what was done, or why not."
                    )
                    if code == "en"
                    else ""
                ),
            )

    def notes(self):
        return {
            code: self.cleaned_data.get(f"note_{code.replace('-', '_')}", "")
            for code in LANGUAGE_CODES
        }


def _languages():
    names = dict(settings.LANGUAGES)
    return [(code, names.get(code, code)) for code in LANGUAGE_CODES]


def _item_for_editor(request, item_id):
    item = get_object_or_404(
        ActionItem.objects.select_related("summary", "responsible_unit"),
        pk=item_id,
    )
    if not item.summary.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return item


def action_item_index(request):
    """Every action item the organizer may update, latest forum first."""
    items = editable_items(request.user).select_related(
        "summary", "summary__forum", "responsible_unit"
    )
    status = request.GET.get("status", "")
    if status in ActionStatus.values:
        items = items.filter(status=status)
    summary = request.GET.get("summary", "")
    if summary.isdigit():
        items = items.filter(summary_id=int(summary))
    items = items.order_by("-summary__forum__start", "summary_id", "sort_order", "pk")
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "outcomes/admin/action_items.html",
        {
            "items": page,
            "statuses": ActionStatus.choices,
            "status": status,
            "summary": summary if summary.isdigit() else "",
            "page_title": _("Action items"),
            "header_icon": "tasks",
            "today": timezone.localdate(),
        },
    )


def action_item_update(request, item_id):
    """One item: its history and the form recording a new status."""
    item = _item_for_editor(request, item_id)
    history = list(item.updates.select_related("recorded_by"))
    latest = max(history, key=lambda u: (u.created_at, u.pk), default=None)
    form = ActionItemUpdateForm(
        request.POST if request.method == "POST" else None,
        initial={"status": item.status, "after": latest.pk if latest else 0},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_update(
                item.pk,
                status=form.cleaned_data["status"],
                notes=form.notes(),
                date=form.cleaned_data["date"],
                user=request.user,
                after=form.cleaned_data["after"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    for message in errors:
                        form.add_error(field, message)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("The update was recorded and is public."))
            return redirect("action_items:update", item.pk)
    return TemplateResponse(
        request,
        "outcomes/admin/action_item.html",
        {
            "item": item,
            "history": history,
            "form": form,
            "page_title": _("Update an action item"),
            "header_icon": "tasks",
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


class ActionItemsMenuItem(MenuItem):
    def is_shown(self, request):
        return editable_items(request.user).exists()


class ActionItemsViewSet(ViewSet):
    """The "Action items" menu entry, the list and the per-item update page."""

    icon = "tasks"
    menu_label = gettext_lazy("Action items")
    menu_order = 215
    add_to_admin_menu = True
    menu_item_class = ActionItemsMenuItem

    def get_urlpatterns(self):
        return [
            path("", action_item_index, name="index"),
            path("<int:item_id>/", action_item_update, name="update"),
        ]
