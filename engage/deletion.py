"""Keep editors from deleting pages whose records residents gave us."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.models import Page


def protect_from_deletion(model, records, message, *, superusers_may=False):
    """Refuse to delete a page of ``model``, or any ancestor of one, one at a
    time or in bulk, while ``records(pages)`` finds rows for those pages."""

    def has_records(pages):
        found = model.objects.none()
        for page in pages:
            found |= model.objects.descendant_of(page, inclusive=True)
        return records(found).exists()

    def refuse(request, page):
        messages.error(request, message)
        return redirect("wagtailadmin_explore", page.get_parent().pk)

    def exempt(request):
        return superusers_may and request.user.is_superuser

    @hooks.register("before_delete_page")
    def protect_page(request, page):
        if not exempt(request) and has_records([page]):
            return refuse(request, page)
        return None

    @hooks.register("before_bulk_action")
    def protect_pages(request, action_type, objects, action_class):
        pages = [obj for obj in objects if isinstance(obj, Page)]
        if action_type != "delete" or not pages or exempt(request):
            return None
        if has_records(pages):
            return refuse(request, pages[0])
        return None
