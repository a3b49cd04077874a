from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.services import api_token_issue


class Command(BaseCommand):
    help = "Issue an API token for a user and print its key once (only a hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for, e.g. 'R analysis'.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username!r}.")
        token, key = api_token_issue(user=user, name=name)
        self.stderr.write(f"Token {token.name!r} for {user.username} (prefix {token.prefix}). Shown once:")
        self.stdout.write(key)
