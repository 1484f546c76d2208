import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.module_loading import autodiscover_modules
from wagtail import hooks

from cms.demo import builder
from engage.links import absolute_url


class Command(BaseCommand):
    help = (
        "Build the demo site in all six languages and a demo administrator. "
        "Running it again updates the same pages and creates nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help="Do not create the demo administrator.",
        )

    def handle(self, *args, **options):
        home = builder.build()
        # Each app's demo module registers its builder; nothing else imports them.
        autodiscover_modules("demo")
        for build_section in hooks.get_hooks("engage_load_demo"):
            build_section(home, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        if not options["no_admin"]:
            self.ensure_admin()

    def ensure_admin(self):
        email = os.environ.get("DEMO_ADMIN_EMAIL", "admin@example.org")
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "engage-demo-admin")
        User = get_user_model()
        user = User.objects.filter(username="admin").first()
        if user is None:
            user = User.objects.create_superuser("admin", email, password)
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        self.stdout.write(
            f"Demo administrator: sign in at {absolute_url('/admin/')} "
            f"with {email} / {password}"
        )
