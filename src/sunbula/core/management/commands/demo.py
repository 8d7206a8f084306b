"""`sunbula demo`: migrate, load the demo data (twice changes nothing), print logins, then
serve with one worker of the task queue beside the server; Ctrl+C stops both."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sunbula.core.demo import DEMO_AUTHENTICATOR_KEY, DEMO_PASSWORD, load_demo
from sunbula.core.signin import authenticator_secret_of
from sunbula.core.supervise import run_together, sunbula


class Command(BaseCommand):
    help = "Load the demo data and serve it, with one worker of the task queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="load only, then exit")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, no_serve: bool, port: int, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        personas = load_demo(log=self.stdout.write)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, description in personas:
            self.stdout.write(f"  {email:<34} {description}")
        key = authenticator_secret_of(DEMO_AUTHENTICATOR_KEY)
        self.stdout.write(
            "The administrator and the protection officer then give a second factor: a code "
            f"from an authenticator app with the key {key}\n"
            f"(or, without a phone: oathtool --totp -b {key.replace(' ', '')})."
        )
        if no_serve:
            return
        self.stdout.write(f"\nOpen http://127.0.0.1:{port}/ and sign in.")
        self.stdout.flush()
        status = run_together([sunbula("serve", "--port", str(port)), sunbula("worker")])
        if status:
            raise CommandError(f"A demo process stopped with status {status}.")
