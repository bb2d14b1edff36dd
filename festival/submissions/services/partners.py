"""Partner organisations: sign-up, e-mail verification, contacts, and who may act for whom."""

from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.accounts import services as accounts
from festival.accounts.models import Membership, Organisation, Role, User
from festival.errors import DomainError, NotFound, PermissionDenied, ValidationError
from festival.i18n import _
from festival.mail import services as mail
from festival.submissions.forms import SignupData
from festival.submissions.models import PartnerProfile
from festival.submissions.queries import session_partners

VERIFY_SALT = "festival.partner.verify"
VERIFY_MAX_AGE = 7 * 24 * 3600


def make_verify_token(organisation: Organisation, *, secret_key: str) -> str:
    return URLSafeTimedSerializer(secret_key, salt=VERIFY_SALT).dumps({"o": organisation.id})


def verify_link(organisation: Organisation, *, secret_key: str, base_url: str) -> str:
    return (
        base_url.rstrip("/")
        + "/partners/verify/"
        + make_verify_token(organisation, secret_key=secret_key)
    )


async def signup_partner(
    data: SignupData, *, secret_key: str, base_url: str
) -> tuple[Organisation, User]:
    """Create the organisation, its partner profile and the first contact (role partner).
    Side effects: audit partner.signed_up, a verification mail. Raises ValidationError."""
    email = accounts.normalise_email(data.contact_email)
    if await User.filter(email=email).exists():
        raise ValidationError(
            "email_taken",
            _("Dit e-mailadres heeft al een account. Log in."),
            {"contact_email": _("Al in gebruik.")},
        )
    async with in_transaction():
        organisation = await accounts.create_partner_organisation(
            data.name, kind=data.kind, municipality=data.municipality
        )
        await PartnerProfile.create(
            organisation=organisation, contact_name=data.contact_name, contact_email=email
        )
        user = await accounts.create_user(
            email,
            name=data.contact_name,
            password=data.password,
            organisation=organisation,
            role=Role.PARTNER,
        )
        await audit.record(
            accounts.actor_for(user), "partner.signed_up", organisation, kind=str(data.kind)
        )
        message = await mail.queue_mail(
            email,
            template="submissions/verify",
            send=False,
            context={
                "name": data.contact_name,
                "organisation": organisation.name,
                "link": verify_link(organisation, secret_key=secret_key, base_url=base_url),
            },
        )
    await mail.send_queued([message.id])
    return organisation, user


async def verify_partner(token: str, *, secret_key: str) -> Organisation:
    """Mark the partner's e-mail address verified. Raises DomainError for a bad or old link."""
    try:
        payload = URLSafeTimedSerializer(secret_key, salt=VERIFY_SALT).loads(
            token, max_age=VERIFY_MAX_AGE
        )
    except SignatureExpired as error:
        raise DomainError("verify_link_expired", _("Deze link is verlopen.")) from error
    except BadSignature as error:
        raise DomainError("verify_link_invalid", _("Deze link klopt niet.")) from error
    profile = await PartnerProfile.get_or_none(organisation_id=payload.get("o")).select_related(
        "organisation"
    )
    if profile is None:
        raise DomainError("verify_link_invalid", _("Deze link klopt niet."))
    if profile.verified_at is None:
        async with in_transaction():
            profile.verified_at = clock.now()
            await profile.save(update_fields=["verified_at"])
            await audit.record(audit.SYSTEM, "partner.verified", profile.organisation)
    return profile.organisation


async def partner_of(user: User) -> Organisation:
    """The partner organisation the user acts for. Raises PermissionDenied."""
    organisation = await partner_organisation(user)
    if organisation is None:
        raise PermissionDenied(
            "not_a_partner", _("U bent geen contactpersoon van een partnerorganisatie.")
        )
    return organisation


@dataclass(frozen=True)
class PartnerAccess:
    """What a partner contact may read in the portal: its organisation's own sessions (those
    its proposals became, and their repeats), of every edition, and nobody else's."""

    organisation: Organisation
    session_ids: frozenset[int]

    def require_session(self, session_id: int) -> int:
        """The session id when it is the organisation's own. Raises NotFound (the same answer as
        for a session that does not exist)."""
        if session_id not in self.session_ids:
            raise NotFound("not_found", _("Pagina niet gevonden"))
        return session_id


async def partner_access(user: User) -> PartnerAccess:
    """The user's partner organisation and its sessions (two queries). Raises PermissionDenied."""
    organisation = await partner_of(user)
    sessions = await session_partners(organisation_id=organisation.id)
    return PartnerAccess(organisation, frozenset(sessions))


async def partner_organisation(user: User | None) -> Organisation | None:
    """The partner organisation the user acts for; None when logged out or not a partner."""
    if user is None:
        return None
    membership = await (
        Membership.filter(user_id=user.id, role=Role.PARTNER)
        .order_by("id")
        .select_related("organisation")
        .first()
    )
    return membership.organisation if membership else None


async def profile_of(organisation: Organisation) -> PartnerProfile | None:
    return await PartnerProfile.get_or_none(organisation_id=organisation.id)


async def require_verified(organisation: Organisation) -> None:
    profile = await profile_of(organisation)
    if profile is not None and not profile.is_verified:
        raise PermissionDenied(
            "partner_not_verified",
            _("Bevestig eerst het e-mailadres van uw organisatie via de link in de e-mail."),
        )


async def contacts_of(organisation: Organisation) -> list[User]:
    return await User.filter(
        memberships__organisation_id=organisation.id, memberships__role=Role.PARTNER, is_active=True
    ).order_by("name")


async def is_partner_contact(user: User, organisation_id: int) -> bool:
    return await Membership.filter(
        user_id=user.id, organisation_id=organisation_id, role=Role.PARTNER
    ).exists()


async def invite_contact(
    organisation: Organisation,
    email: str,
    *,
    name: str,
    actor: User,
    secret_key: str,
    base_url: str,
) -> Membership:
    """Add a colleague as an extra contact (role partner); a new address gets a set-password link.
    Reuses accounts.add_member. Raises PermissionDenied, ValidationError or Conflict."""
    if not await is_partner_contact(actor, organisation.id):
        raise PermissionDenied(
            "not_a_partner", _("U bent geen contactpersoon van deze organisatie.")
        )
    return await accounts.add_member(
        organisation,
        email,
        role=Role.PARTNER.value,
        name=name,
        actor=actor,
        secret_key=secret_key,
        base_url=base_url,
    )
