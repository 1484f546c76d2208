from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render
from wagtail import hooks
from wagtail.models import Page

MAX_QUERY_LENGTH = 200


def search(request):
    """Full-text search over every live page, in every language's columns.

    Apps add what a result of theirs needs to be understood through the
    ``engage_search_results(pages)`` hook, given the page of results."""
    # SQLite's full-text index fails on a stray double quote, and every backend
    # on a query of blanks; quotes mean nothing to a plain-text search anyway.
    words = request.GET.get("q", "").replace("\x00", " ").replace('"', " ").split()
    query = " ".join(words)[:MAX_QUERY_LENGTH].strip()
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    page.object_list = list(page.object_list)
    for describe in hooks.get_hooks("engage_search_results"):
        describe(page.object_list)
    return render(request, "cms/search.html", {"search_query": query, "results": page})
