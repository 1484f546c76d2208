"""gunicorn's access log as one JSON object a line, without personal data.

A line says when, which method and path, the status, the bytes sent and how
long it took; never the client address, the user agent, the referrer or the
query string (survey invitation codes and search terms travel there). Signed
tokens in a path (the emailed "manage your RSVP", acknowledge and unsubscribe
links) each act as the person they were sent to, so they are masked too:
``signing.dumps`` always puts a colon in them, which no page slug has.
"""

import datetime
import json
import traceback

from gunicorn.glogging import Logger

SIGNED_MASK = "[token]"


def scrub_path(path):
    """``path`` with every segment holding a signed token masked."""
    return "/".join(
        SIGNED_MASK if ":" in segment else segment for segment in path.split("/")
    )


def access_record(method, path, status, sent, request_time):
    status = str(status).split(None, 1)[0]
    return {
        "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
        "method": method,
        "path": scrub_path(path),
        "status": int(status) if status.isdigit() else status,
        "bytes": sent or 0,
        "ms": round(request_time.total_seconds() * 1000, 1),
    }


class AccessLog(Logger):
    """gunicorn's logger, writing :func:`access_record` as JSON."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            record = access_record(
                environ.get("REQUEST_METHOD", "-"),
                environ.get("PATH_INFO", ""),
                resp.status,
                getattr(resp, "sent", None),
                request_time,
            )
            self.access_log.info(json.dumps(record, ensure_ascii=False))
        except Exception:
            self.error(traceback.format_exc())
