"""`sunbula api_token`: make, list and revoke API tokens from the command line (for scripts
set up by an operator; people use the API tokens page)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sunbula.core import services
from sunbula.core.models import ApiToken, User


class Command(BaseCommand):
    help = (
        "Make an API token for a user (its key is printed once), list a user's tokens, or "
        "revoke a token by its prefix."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="make a token and print its key")
        create.add_argument("email", help="the user the token acts for")
        create.add_argument("--name", required=True, help="what will use the token")
        create.add_argument("--days", type=int, default=90, help="days until it expires")
        create.add_argument("--write", action="store_true", help="may write, not only read")
        create.add_argument(
            "--domain",
            action="append",
            default=[],
            help="limit the token to this domain (app label); repeat for several",
        )
        listing = actions.add_parser("list", help="a user's tokens, or everyone's")
        listing.add_argument("email", nargs="?", default="")
        revoke = actions.add_parser("revoke", help="stop a token at once")
        revoke.add_argument("prefix", help="the token's prefix (its first 8 characters)")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "create":
            self._create(**options)
        elif action == "list":
            self._list(options["email"])
        else:
            self._revoke(options["prefix"])

    @staticmethod
    def _user(email: str) -> User:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email}.")
        return user

    def _create(
        self, *, email: str, name: str, days: int, write: bool, domain: list[str], **_: Any
    ) -> None:
        try:
            _token, key = services.api_token_create(
                actor=None,
                user=self._user(email),
                name=name,
                expires_on=timezone.localdate() + datetime.timedelta(days=days),
                read_only=not write,
                domains=domain,
            )
        except ValidationError as refused:
            raise CommandError(" ".join(refused.messages)) from refused
        self.stdout.write(key)

    def _list(self, email: str) -> None:
        tokens = ApiToken.objects.select_related("user").order_by("user__email", "-created_at")
        if email:
            tokens = tokens.filter(user=self._user(email))
        for token in tokens:
            state = "revoked" if token.revoked_at else "live" if token.live else "expired"
            self.stdout.write(
                f"{token.prefix}  {token.user.email}  {token.name}  "
                f"{'read' if token.read_only else 'write'}  {','.join(token.domains) or '*'}  "
                f"expires {token.expires_at:%Y-%m-%d}  {state}"
            )

    def _revoke(self, prefix: str) -> None:
        token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"No token with the prefix {prefix}.")
        services.api_token_revoke(actor=None, token=token)
        self.stdout.write(f"Revoked {token.prefix} of {token.user.email}.")
