"""Runs the browser tests' Django snippets in one long-lived process.

Starting Django for every `live_site.python(...)` took three seconds each, a
minute and more of every run; this process starts it once. It reads a snippet
(a length line, then the code), runs it as `manage.py shell -c` would, in a
fresh namespace with the default language and time zone, and answers with
"ok" or "error", a length line and what the snippet printed (or its
traceback). It reads the same database as the server, outside any transaction,
so each snippet sees what the browser did just before it."""

import contextlib
import io
import sys
import traceback

import django


def main():
    django.setup()
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache
    from django.db import connections
    from django.utils import timezone, translation

    source, answer = sys.stdin.buffer, sys.stdout.buffer
    while header := source.readline():
        code = source.read(int(header)).decode()
        # This process's own memory cache would otherwise remember what an
        # earlier snippet read; a new `manage.py shell` started with it empty.
        for cache in caches.all():
            if isinstance(cache, LocMemCache):
                cache.clear()
        printed = io.StringIO()
        status = "ok"
        try:
            with contextlib.redirect_stdout(printed):
                exec(compile(code, "<live_site.python>", "exec"), {})  # noqa: S102
        except Exception:
            status = "error"
            printed.write(traceback.format_exc())
        finally:
            connections.close_all()
            translation.deactivate()
            timezone.deactivate()
        data = printed.getvalue().encode()
        answer.write(f"{status} {len(data)}\n".encode() + data)
        answer.flush()


if __name__ == "__main__":
    main()
