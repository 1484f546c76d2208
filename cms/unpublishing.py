"""What the public has read is taken down with a reason, never by Wagtail's
Unpublish alone: not the page itself, nor as one of the pages below another,
nor in bulk. Each app names what it keeps and where it asks why
(``withdraw_first``)."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.models import Page


def withdraw_first(kept, url_name, *, asked, below, bulk):
    """Refuse to unpublish a page of ``kept()`` (a queryset of live pages taken
    down only with a reason), or a page above one when its descendants would go
    too. Unpublishing one page sends the organizer to ``url_name`` for the page
    found, saying ``asked`` (it was the page) or ``below``; bulk unpublishing
    refuses with ``bulk``."""

    def first_kept(page, with_descendants):
        pages = kept()
        if pages.filter(pk=page.pk).exists():
            return page
        if with_descendants:
            return pages.descendant_of(page).first()
        return None

    @hooks.register("before_unpublish_page")
    def one_page(request, page):
        found = first_kept(page, bool(request.POST.get("include_descendants")))
        if found is None:
            return None
        if found.pk == page.pk:
            messages.info(request, asked)
        else:
            messages.error(request, below)
        return redirect(url_name, found.pk)

    @hooks.register("before_bulk_action")
    def in_bulk(request, action_type, objects, action_class):
        if action_type != "unpublish":
            return None
        with_descendants = bool(request.POST.get("include_descendants"))
        for page in objects:
            found = isinstance(page, Page) and first_kept(page, with_descendants)
            if found:
                messages.error(request, bulk)
                return redirect("wagtailadmin_explore", found.get_parent().pk)
        return None
