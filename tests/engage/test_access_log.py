"""gunicorn's access log (engage.access_log): one JSON line a request, with no
client address, user agent, referrer, query string or signed token."""

import datetime
import io
import json
import logging

from django.conf import settings
from django.core import signing
from gunicorn.config import Config

from engage.access_log import AccessLog, scrub_path


class Response:
    status = "200 OK"
    sent = 5120


def logged_line(environ):
    config = Config()
    config.set("accesslog", "-")
    logger = AccessLog(config)
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger.access_log.handlers = [handler]
    logger.access(
        Response(), None, environ, datetime.timedelta(seconds=0, microseconds=12345)
    )
    return stream.getvalue()


def test_a_request_is_one_json_line_without_personal_data():
    token = signing.dumps({"rsvp": 41}, salt="forums.rsvp", compress=True)
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": f"/es/rsvp/{token}/cancel/",
        "QUERY_STRING": "code=INVITE123&q=ana@example.org",
        "RAW_URI": f"/es/rsvp/{token}/cancel/?code=INVITE123&q=ana@example.org",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_USER_AGENT": "Mozilla/5.0 (resident's phone)",
        "HTTP_REFERER": "https://mail.example.org/inbox/ana",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    line = logged_line(environ)
    assert line.count("\n") == 1
    record = json.loads(line)
    assert set(record) == {"time", "method", "path", "status", "bytes", "ms"}
    assert (record["method"], record["path"], record["status"]) == (
        "GET",
        "/es/rsvp/[token]/cancel/",
        200,
    )
    assert (record["bytes"], record["ms"]) == (5120, 12.3)
    for secret in (token, "INVITE123", "ana@example.org", "203.0.113.9", "Mozilla"):
        assert secret not in line


def test_paths_without_tokens_are_kept_whole():
    assert scrub_path("/zh-hans/forums/eastside-forum-2026/") == (
        "/zh-hans/forums/eastside-forum-2026/"
    )
    assert scrub_path("/media/images/photo.2e16d0ba.fill-800x450.jpg") == (
        "/media/images/photo.2e16d0ba.fill-800x450.jpg"
    )


def test_gunicorn_reads_the_projects_config():
    config = Config()
    namespace = {}
    with open(settings.BASE_DIR / "gunicorn.conf.py") as source:
        exec(compile(source.read(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    for name in ("accesslog", "logger_class", "timeout", "threads"):
        config.set(name, namespace[name])
    assert config.logger_class is AccessLog
    assert (config.accesslog, config.timeout) == ("-", 120)
