from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from core.accounts import DEMO_PASSWORD, DEMO_USERNAME
from core.roles import ANALYST


class Command(BaseCommand):
    help = (
        "Create the demo analyst account (DEBUG only, once) and print how to log in. With DEBUG "
        "off its password opens nothing and a server will not start while the account has it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, port: str, **options):
        if not settings.DEBUG:
            raise CommandError("The demo account is only made when DEBUG is on.")
        User = get_user_model()
        if not User.objects.filter(username=DEMO_USERNAME).exists():
            user = User.objects.create_user(DEMO_USERNAME, password=DEMO_PASSWORD)
            user.groups.add(Group.objects.get(name=ANALYST))
            password = DEMO_PASSWORD
        else:
            password = f"{DEMO_PASSWORD} (unless you changed it)"
        self.stdout.write(
            self.style.SUCCESS(
                f"\n  Claim tracker: http://127.0.0.1:{port}/\n"
                f"  Log in as {DEMO_USERNAME} / {password}\n"
                "  (a curator: python manage.py set_role USER curator)\n"
            )
        )
