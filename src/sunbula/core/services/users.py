"""Users, their roles, protection clearance and API tokens."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict, Unpack

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from sunbula.core import api_tokens
from sunbula.core.access import forget_roles, programme_limits
from sunbula.core.audit import (
    audit_record,
    given_fields,
    save_audited,
    snapshot,
    step_audited,
    update_audited,
    upsert_audited,
)
from sunbula.core.invitations import send_invitation
from sunbula.core.models import (
    ApiToken,
    Country,
    Organisation,
    ProtectionClearance,
    Role,
    RoleAssignment,
    User,
)


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    password: str | None,
    full_name: str = "",
    preferred_language: str = "en",
    is_staff: bool = False,
) -> User:
    """A new account that signs in with `email`; no password means it cannot sign in yet. A
    password must pass AUTH_PASSWORD_VALIDATORS."""
    user = User(
        email=User.objects.normalize_email(email).lower(),
        full_name=full_name,
        preferred_language=preferred_language,
        is_staff=is_staff,
    )
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as weak:
            raise ValidationError({"password": weak.messages}) from weak
    user.set_password(password)
    return save_audited(
        actor=actor,
        obj=user,
        verb="created",
        fields=("email", "full_name", "preferred_language", "is_staff"),
    )


class UserFields(TypedDict, total=False):
    """What `user_update` changes."""

    full_name: str
    preferred_language: str
    is_staff: bool


USER_FIELDS = tuple(UserFields.__annotations__)


def _taken(email: str) -> ValidationError:
    return ValidationError({"email": _("A user with this e-mail address already exists.")})


@dataclass(frozen=True)
class RoleToGrant:
    """A role granted with an invitation, as `role_grant` takes it: in `organisation`, limited
    to `countries` (none: every country) and, when given, to `programmes`."""

    role: Role
    organisation: Organisation
    countries: tuple[Country, ...] = ()
    programmes: tuple[Model, ...] | None = None


@transaction.atomic
def user_invite(
    *,
    actor: User,
    email: str,
    full_name: str = "",
    preferred_language: str = "en",
    is_staff: bool = False,
    grant: RoleToGrant | None = None,
) -> User:
    """Open an account without a password and e-mail its owner a link to choose one (sent
    once the transaction commits), with the role `grant` when given (through `role_grant`, in
    the same transaction: a role refused invites no one). Inviting again someone who has not
    accepted sends a new link; the earlier one still expires on its day."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.select_for_update().filter(email=email).first()
    if user is not None and (user.has_usable_password() or not user.is_active):
        raise _taken(email)
    if user is None:
        user = User(
            email=email,
            full_name=full_name,
            preferred_language=preferred_language,
            is_staff=is_staff,
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
    audit_record(
        actor=actor,
        action="core.user.invited",
        obj=user,
        after=snapshot(user, ("email", "full_name", "preferred_language", "is_staff")),
    )
    if grant is not None:
        role_grant(
            actor=actor,
            user=user,
            role=grant.role,
            organisation=grant.organisation,
            countries=grant.countries,
            programmes=grant.programmes,
        )
    inviter = str(actor)
    transaction.on_commit(lambda: send_invitation(user, inviter=inviter))
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, **fields: Unpack[UserFields]) -> User:
    """Change the fields given; the others keep their values."""
    values = given_fields("user_update", fields, USER_FIELDS)
    return update_audited(actor=actor, obj=user, values=values)


@transaction.atomic
def user_password_set(*, actor: User | None, user: User, password: str, reason: str) -> User:
    """Set a password that passes AUTH_PASSWORD_VALIDATORS: on accepting an invitation, on
    changing it, or after a reset by e-mail (`reason` says which; the password is not kept
    in the audit log)."""
    try:
        validate_password(password, user)
    except ValidationError as weak:
        raise ValidationError({"password": weak.messages}) from weak
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor or user, action="core.user.password_set", obj=user, after={"reason": reason}
    )
    return user


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> User:
    """Stop an account from signing in and using the API; its records and audit entries stay."""
    if user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    user = User.objects.select_for_update().get(pk=user.pk)
    for token in ApiToken.objects.filter(user=user, revoked_at=None):
        api_token_revoke(actor=actor, token=token)
    forget_roles(user)
    return step_audited(
        actor=actor, obj=user, verb="deactivated", values={"is_active": False}, fields=["is_active"]
    )


@transaction.atomic
def user_reactivate(*, actor: User, user: User) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    return step_audited(
        actor=actor, obj=user, verb="reactivated", values={"is_active": True}, fields=["is_active"]
    )


@transaction.atomic
def user_set_language(*, actor: User, user: User, language: str) -> User:
    """Remember the interface language a user chose."""
    return update_audited(actor=actor, obj=user, values={"preferred_language": language})


@transaction.atomic
def role_grant(
    *,
    actor: User | None,
    user: User,
    role: Role,
    organisation: Organisation,
    countries: Iterable[Country] = (),
    programmes: Iterable[Model] | None = None,
) -> RoleAssignment:
    """Give `user` a role in `organisation`, limited to `countries` (none: every country)
    and, when given, to `programmes` (none: every programme; kept by the app that owns
    programmes, through the limits it registered with core.access)."""
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, organisation=organisation
    )
    if programmes is not None:
        limits = programme_limits()
        wanted = list(programmes)
        if limits is None:
            if wanted:
                raise ValidationError({"programmes": _("Roles cannot be limited to programmes.")})
        else:
            limits.setter(actor=actor, assignment=assignment, programmes=wanted)
    before = None if created else snapshot(assignment, ("role", "organisation", "countries"))
    assignment.countries.set(list(countries))
    after = snapshot(assignment, ("role", "organisation", "countries"))
    forget_roles(user)
    if before != after:
        audit_record(
            actor=actor,
            action="core.roleassignment.granted",
            obj=assignment,
            before=before,
            after=after,
        )
    return assignment


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    """End a role assignment (with its country and programme limits); the audit keeps it."""
    before = snapshot(assignment, ("user", "role", "organisation", "countries"))
    audit_record(actor=actor, action="core.roleassignment.revoked", obj=assignment, before=before)
    forget_roles(assignment.user)
    assignment.delete()


@transaction.atomic
def protection_clearance_grant(
    *, actor: User | None, user: User, reason: str, expires_on: datetime.date | None = None
) -> ProtectionClearance:
    """Let `user` see personal data unmasked, for a stated reason, until `expires_on` if
    given (today at the earliest)."""
    if expires_on is not None and expires_on < timezone.localdate():
        raise ValidationError({"expires_on": _("A clearance cannot end in the past.")})
    return upsert_audited(
        actor=actor,
        model=ProtectionClearance,
        lookup={"user": user},
        values={"reason": reason, "expires_on": expires_on},
    )


@transaction.atomic
def protection_clearance_revoke(*, actor: User, user: User, reason: str = "") -> None:
    """Mask personal data for `user` again; the audit entry keeps the grant and why it ended."""
    clearance = ProtectionClearance.objects.filter(user=user).first()
    if clearance is None:
        return
    audit_record(
        actor=actor,
        action="core.protectionclearance.revoked",
        obj=clearance,
        before=snapshot(clearance, ("user", "reason", "expires_on")),
        after={"reason": reason} if reason else None,
    )
    clearance.delete()


TOKEN_FIELDS = ("user", "name", "prefix", "read_only", "domains", "expires_at", "revoked_at")


@transaction.atomic
def api_token_create(
    *,
    actor: User | None,
    user: User,
    name: str,
    expires_on: datetime.date,
    read_only: bool = True,
    domains: Iterable[str] = (),
) -> tuple[ApiToken, str]:
    """A new API token for `user` and its key, which is shown this once and never kept: it
    expires at the start of `expires_on` (at most API_TOKEN_MAX_DAYS away), may only read
    unless `read_only` is false, and reaches only `domains` (app labels; none: every one)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the token after the program that will use it.")})
    today = timezone.localdate()
    longest = settings.API_TOKEN_MAX_DAYS
    if expires_on <= today:
        raise ValidationError({"expires_on": _("The token must expire after today.")})
    if expires_on > today + datetime.timedelta(days=longest):
        raise ValidationError(
            {"expires_on": _("A token lasts at most %(days)d days.") % {"days": longest}}
        )
    known = {label for label, _label in api_tokens.domain_choices()}
    wanted = sorted(set(domains))
    if any(domain not in known for domain in wanted):
        raise ValidationError({"domains": _("Choose domains from the list.")})
    key = api_tokens.new_key()
    while ApiToken.objects.filter(prefix=api_tokens.prefix_of(key)).exists():
        key = api_tokens.new_key()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=api_tokens.prefix_of(key),
        digest=api_tokens.digest_of(key),
        read_only=read_only,
        domains=wanted,
        expires_at=timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.min)),
    )
    audit_record(
        actor=actor, action="core.apitoken.created", obj=token, after=snapshot(token, TOKEN_FIELDS)
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Stop a token from working at once; it stays listed, as revoked."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    return step_audited(
        actor=actor,
        obj=token,
        verb="revoked",
        values={"revoked_at": timezone.now()},
        fields=["revoked_at"],
    )
