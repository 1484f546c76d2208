"""A liveness check for load balancers: it proves the Python stack answers,
without touching the database or the cache of pages."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

PATH = "/healthz"


@never_cache
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
