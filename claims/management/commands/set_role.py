from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from core.roles import ROLES


class Command(BaseCommand):
    help = "Give a user one role (viewer, analyst or curator), replacing any other role."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=ROLES)
        parser.add_argument(
            "--create", action="store_true", help="Create the user, asking no password"
        )

    def handle(self, *args, username: str, role: str, create: bool, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None:
            if not create:
                raise CommandError(f"No user {username!r}; pass --create to make one.")
            user = User.objects.create_user(username)
            self.stdout.write(
                f"Created {username}; set a password with: manage.py changepassword {username}"
            )
        user.groups.remove(*Group.objects.filter(name__in=ROLES))
        user.groups.add(Group.objects.get(name=role))
        self.stdout.write(self.style.SUCCESS(f"{username} is now a {role}."))
