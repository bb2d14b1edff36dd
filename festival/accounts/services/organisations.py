"""Organisations, their members and roles."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from festival import audit
from festival.accounts.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from festival.accounts.services.common import (
    actor_for,
    deliverable_email,
    queue_account_mail,
    written_once,
)
from festival.accounts.services.passwords import INVITE_MAX_AGE, reset_link
from festival.errors import Conflict, NotFound, PermissionDenied, ValidationError
from festival.i18n import _

ROLE_RANK = [Role.OWNER, Role.ORGANISER, Role.REVIEWER, Role.STAFF, Role.PARTNER]


def _slug_taken() -> ValidationError:
    return ValidationError(
        "slug_taken",
        _("Controleer wat u hebt ingevuld."),
        {"slug": _("Deze korte naam is al in gebruik.")},
    )


def _already_member() -> Conflict:
    return Conflict(
        "already_member",
        _("Deze persoon is al lid van de organisatie."),
        {"email": _("Al lid van de organisatie.")},
    )


async def role_in_organisation(user: User, organisation_id: int) -> Role | None:
    membership = await Membership.get_or_none(user_id=user.id, organisation_id=organisation_id)
    return Role(membership.role) if membership else None


async def roles_of(user: User) -> set[Role]:
    """Every role the user has, in any organisation."""
    values = await Membership.filter(user_id=user.id).values_list("role", flat=True)
    return {Role(str(value)) for value in values}


async def best_role(user: User, among: tuple[str, ...] = ()) -> Role | None:
    """The strongest role the user has anywhere (for pages that are not tied to one event),
    preferring one of `among`: a partner who is also staff elsewhere still opens partner pages."""
    roles = await roles_of(user)
    for role in [r for r in ROLE_RANK if r in among] + ROLE_RANK:
        if role in roles:
            return role
    return None


# ---------------------------------------------------------------- organisations and members

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")


def _require_admin(user: User) -> None:
    if not user.is_admin:
        raise PermissionDenied("admin_only", _("Alleen beheerders van het platform mogen dit."))


async def all_organisations(*, viewer: User) -> list[Organisation]:
    """Every organisation (platform admins only). Raises PermissionDenied."""
    _require_admin(viewer)
    return await Organisation.all()


async def create_organisation(name: str, *, slug: str, kind: str, actor: User) -> Organisation:
    """A new organisation (platform admins only). Raises PermissionDenied or ValidationError."""
    _require_admin(actor)
    name, slug = name.strip(), slug.strip().lower()
    fields: dict[str, str] = {}
    if not name:
        fields["name"] = _("Vul een naam in.")
    if not SLUG_RE.match(slug):
        fields["slug"] = _("Gebruik kleine letters, cijfers en streepjes.")
    if kind not in {k.value for k in OrganisationKind}:
        fields["kind"] = _("Kies een soort organisatie.")
    if fields:
        raise ValidationError("invalid_organisation", _("Controleer wat u hebt ingevuld."), fields)
    async with written_once(_slug_taken()):
        if await Organisation.filter(slug=slug).exists():
            raise _slug_taken()
        organisation = await Organisation.create(
            name=name[:200], slug=slug, kind=OrganisationKind(kind)
        )
        await audit.record(actor_for(actor), "organisation.created", organisation, slug=slug)
    return organisation


async def create_partner_organisation(
    name: str, *, kind: OrganisationKind, municipality: str
) -> Organisation:
    """A partner's own organisation at sign-up, inside the caller's transaction (which audits the
    sign-up); its slug comes from the name, with a random suffix when that one is taken."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "partner"
    slug = base
    while await Organisation.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    return await Organisation.create(name=name, slug=slug, kind=kind, municipality=municipality)


async def organisation_for_owner(org_slug: str, *, viewer: User) -> Organisation:
    """The organisation, when `viewer` is its owner or a platform admin.
    Raises NotFound or PermissionDenied."""
    organisation = await Organisation.get_or_none(slug=org_slug)
    if organisation is None:
        raise NotFound("organisation_not_found", _("Deze organisatie bestaat niet."))
    if not viewer.is_admin and await role_in_organisation(viewer, organisation.id) != Role.OWNER:
        raise PermissionDenied("owner_only", _("Alleen eigenaren van deze organisatie mogen dit."))
    return organisation


@dataclass(frozen=True)
class MemberRow:
    id: int
    name: str
    email: str
    role: Role
    has_password: bool
    last_login_at: Any


async def members_of(organisation: Organisation) -> list[MemberRow]:
    memberships = await Membership.filter(organisation_id=organisation.id).prefetch_related("user")
    rows = [
        MemberRow(
            m.id,
            m.user.name,
            m.user.email,
            Role(m.role),
            bool(m.user.password_hash),
            m.user.last_login_at,
        )
        for m in memberships
    ]
    return sorted(rows, key=lambda r: (ROLE_RANK.index(r.role), r.name.lower()))


def _parse_role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError as error:
        raise ValidationError(
            "invalid_role", _("Kies een rol."), {"role": _("Kies een rol.")}
        ) from error


async def add_member(
    organisation: Organisation,
    email: str,
    *,
    role: str,
    name: str,
    actor: User,
    secret_key: str,
    base_url: str,
) -> Membership:
    """Give a person a role in the organisation; a new address gets an account without a password
    and an invitation mail with a link to set one. Raises ValidationError or Conflict.
    Audits membership.created (and user.created)."""
    parsed_role = _parse_role(role)
    email = deliverable_email(email)
    invited: User | None = None
    async with written_once(_already_member()):
        user = await User.get_or_none(email=email)
        if user is None:
            user = invited = await User.create(
                email=email, name=name.strip()[:200] or email.split("@")[0]
            )
            await audit.record(actor_for(actor), "user.created", user, invited=True)
        elif await Membership.filter(user_id=user.id, organisation_id=organisation.id).exists():
            raise _already_member()
        membership = await Membership.create(user=user, organisation=organisation, role=parsed_role)
        await audit.record(
            actor_for(actor),
            "membership.created",
            membership,
            user_id=user.id,
            organisation_id=organisation.id,
            role=str(parsed_role),
        )
    if invited is not None:
        link = reset_link(invited, secret_key=secret_key, base_url=base_url, invite=True)
        await queue_account_mail(
            invited,
            "accounts/invite",
            {
                "name": invited.name,
                "organisation": organisation.name,
                "role": str(parsed_role),
                "link": link,
                "days": INVITE_MAX_AGE // 86400,
            },
        )
    return membership


async def _locked_membership(organisation: Organisation, membership_id: int) -> Membership:
    # Lock the organisation row first: changes to its owners happen one at a time (PostgreSQL);
    # SQLite serialises write transactions anyway.
    await Organisation.filter(id=organisation.id).select_for_update().first()
    membership = await Membership.get_or_none(id=membership_id, organisation_id=organisation.id)
    if membership is None:
        raise NotFound("member_not_found", _("Dit lid bestaat niet (meer)."))
    return membership


async def _refuse_last_owner(organisation: Organisation, membership: Membership) -> None:
    if membership.role == Role.OWNER:
        owners = await Membership.filter(organisation_id=organisation.id, role=Role.OWNER).count()
        if owners <= 1:
            raise Conflict(
                "last_owner",
                _(
                    "Een organisatie houdt minstens één eigenaar. "
                    "Maak eerst iemand anders eigenaar."
                ),
            )


async def change_role(
    organisation: Organisation, membership_id: int, *, role: str, actor: User
) -> Membership:
    """Give a member another role; the last owner stays owner. Raises NotFound, ValidationError or
    Conflict. Audits membership.role_changed."""
    parsed_role = _parse_role(role)
    async with in_transaction():
        membership = await _locked_membership(organisation, membership_id)
        old = Role(membership.role)
        if old != parsed_role:
            await _refuse_last_owner(organisation, membership)
            membership.role = parsed_role
            await membership.save(update_fields=["role"])
            await audit.record(
                actor_for(actor),
                "membership.role_changed",
                membership,
                user_id=membership.user_id,
                organisation_id=organisation.id,
                old=str(old),
                new=str(parsed_role),
            )
    return membership


async def remove_member(organisation: Organisation, membership_id: int, *, actor: User) -> None:
    """Take a member out of the organisation; never the last owner. Raises NotFound or Conflict.
    Audits membership.removed."""
    async with in_transaction():
        membership = await _locked_membership(organisation, membership_id)
        await _refuse_last_owner(organisation, membership)
        await audit.record(
            actor_for(actor),
            "membership.removed",
            membership,
            user_id=membership.user_id,
            organisation_id=organisation.id,
            role=str(membership.role),
        )
        await membership.delete()
