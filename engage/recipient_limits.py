"""At most a few emails an hour to any one address from the public forms (RSVP,
pledge follow, ...), whoever asks and from wherever: the per-IP limits in
:mod:`engage.ratelimit` cannot stop a stranger with many addresses from
flooding one inbox.

The budget is shared by every public form and counted per address
(case and surrounding spaces ignored); only a keyed hash of the address is
stored (:mod:`engage.counters`). Over the limit the caller shows the visitor the
same page as always and sends nothing.
"""

from django.conf import settings

from . import counters


def allow(email, now=None):
    """Count one email to ``email``; False once the address has had
    ``ENGAGE_RECIPIENT_EMAIL_LIMIT`` in the current window."""
    if not settings.ENGAGE_RATE_LIMITS_ENABLED:
        return True
    count, _seconds_left = counters.increment(
        f"recipient:{email.strip().lower()}",
        settings.ENGAGE_RECIPIENT_EMAIL_WINDOW,
        now=now,
    )
    return count <= settings.ENGAGE_RECIPIENT_EMAIL_LIMIT
