"""A liveness check for load balancers: it proves the Python stack answers,
without touching the database or the cache of pages (``/readyz``, in
:mod:`engage.readiness`, checks those)."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache

PATH = "/healthz"
# Served by engage.readiness; here so middleware can leave both probes alone.
READY_PATH = "/readyz"


@never_cache
def healthz(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
