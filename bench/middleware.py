"""Counts every SQL query a request makes, cache hits included; empties the
cache before each request in the benchmark's cold mode."""

from django.core.cache import cache
from django.db import connections


def empty_cache(get_response):
    def middleware(request):
        cache.clear()
        return get_response(request)

    return middleware


def count_queries(get_response):
    def middleware(request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        wrappers = [c.execute_wrapper(counter) for c in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response["X-Engage-Queries"] = str(count)
        return response

    return middleware
