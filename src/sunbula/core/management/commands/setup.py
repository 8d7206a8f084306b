"""`sunbula setup`: a new office from nothing. Migrates, collects the static files, loads
reference data only (no demo record) with the registry's encryption key when none is
configured, and creates the first administrator; everything else is done through the pages."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sunbula.core import services
from sunbula.core.models import Organisation, Role, User
from sunbula.core.reference import (
    HOME_ACRONYM,
    HOME_NAME_TRANSLATIONS,
    HOME_ORGANISATION,
    load_reference_data,
)


class Command(BaseCommand):
    help = "Load reference data (no demo records) and create the first administrator."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--countries",
            default="",
            help="ISO 3166-1 alpha-3 codes whose admin areas to load, comma-separated (AFG)",
        )
        parser.add_argument("--admin-email", default="", help="the first administrator's e-mail")
        parser.add_argument(
            "--organisation",
            default=HOME_ORGANISATION,
            help="the administrator's organisation (created if missing)",
        )
        parser.add_argument("--acronym", default=HOME_ACRONYM, help="the organisation's acronym")
        parser.add_argument(
            "--no-input",
            action="store_true",
            help="read the password from SUNBULA_ADMIN_PASSWORD instead of asking",
        )

    def handle(
        self,
        *args: Any,
        countries: str,
        admin_email: str,
        organisation: str,
        acronym: str,
        no_input: bool,
        **options: Any,
    ) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        # The pages name their style sheet and scripts by the collected files' digests.
        call_command("collectstatic", interactive=False, verbosity=0)
        codes = [code.strip().upper() for code in countries.split(",") if code.strip()]
        try:
            with transaction.atomic():
                missing = load_reference_data(self.stdout.write, countries=codes)
        except ValueError as unknown:
            raise CommandError(str(unknown)) from unknown
        for code in missing:
            self.stderr.write(f"No admin areas ship with Sunbula for {code}; none were loaded.")
        if admin_email:
            self._administrator(admin_email, organisation, acronym, no_input=no_input)
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))

    def _administrator(self, email: str, name: str, acronym: str, *, no_input: bool) -> None:
        if User.objects.filter(email=email.lower()).exists():
            self.stdout.write(f"{email} already exists; left as it is.")
            return
        password = os.environ.get("SUNBULA_ADMIN_PASSWORD", "")
        if not password and not no_input:
            password = getpass.getpass(f"Password for {email}: ")
        if not password:
            raise CommandError("Give a password (SUNBULA_ADMIN_PASSWORD with --no-input).")
        candidate = User(email=email.lower())
        try:
            validate_password(password, candidate)
        except ValidationError as weak:
            raise CommandError(" ".join(weak.messages)) from weak
        with transaction.atomic():
            home = Organisation.objects.filter(name=name).first() or services.organisation_create(
                actor=None,
                name=name,
                name_translations=HOME_NAME_TRANSLATIONS if name == HOME_ORGANISATION else {},
                acronym=acronym,
                kind="igo",
                iati_type="40",
            )
            user = services.user_create(actor=None, email=email, password=password, is_staff=True)
            services.role_grant(actor=None, user=user, role=Role.ADMINISTRATOR, organisation=home)
        self.stdout.write(f"Administrator {email} created at {home}.")
