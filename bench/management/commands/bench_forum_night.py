"""Staff at the door adding RSVPs during ``make bench``'s forum night, through
the same service as the admin's "add an RSVP" form (the public form asks the
resident to confirm by email first, which a benchmark cannot do)."""

import json
import signal
import threading

from django.core.management.base import BaseCommand

from forums.models import RSVP, ForumPage
from forums.services import add_rsvp_on_behalf


class Command(BaseCommand):
    help = "Add an RSVP without an address to a forum every few seconds until stopped."

    def add_arguments(self, parser):
        parser.add_argument("--forum", default="bench-forum-1", help="Forum slug.")
        parser.add_argument("--every", type=float, default=5.0)
        parser.add_argument(
            "--seconds", type=float, default=3600, help="Stop after this long anyway."
        )

    def handle(self, *args, forum, every, seconds, **options):
        page = ForumPage.objects.live().get(slug=forum)
        blank = {
            name: RSVP._meta.get_field(name).get_default()
            for name in RSVP.EDITABLE_FIELDS
        }
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        self.stdout.write("ready")  # started up: the benchmark may begin
        self.stdout.flush()
        added = errors = 0
        for n in range(max(1, int(seconds / every))):
            if stop.wait(every):
                break
            data = {**blank, "name": f"Door {n}", "language": "en", "party_size": 1}
            try:
                add_rsvp_on_behalf(page, data)
                added += 1
            except Exception:  # noqa: BLE001 (counted, not raised)
                errors += 1
        # The last line is what bench/run.py reads.
        self.stdout.write(json.dumps({"rsvps": added, "rsvp_errors": errors}))
