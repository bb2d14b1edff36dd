"""Organisations, users, memberships with roles, API tokens, and rate-limit counters."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Role(StrEnum):
    OWNER = "owner"
    ORGANISER = "organiser"
    REVIEWER = "reviewer"
    STAFF = "staff"
    PARTNER = "partner"


# Named groups, so routes say who may come in rather than listing roles each time.
ORGANISER_ROLES = (Role.OWNER, Role.ORGANISER)
CHECKIN_ROLES = (Role.OWNER, Role.ORGANISER, Role.STAFF)
REVIEW_ROLES = (Role.OWNER, Role.ORGANISER, Role.REVIEWER)
PARTNER_ROLES = (Role.PARTNER,)


class OrganisationKind(StrEnum):
    ORGANISER = "organiser"
    MUNICIPALITY = "municipality"
    ASSOCIATION = "association"
    KNOWLEDGE_INSTITUTE = "knowledge_institute"
    YOUTH = "youth"
    OTHER = "other"


class TokenScope(StrEnum):
    CHECKIN = "checkin"
    READ = "read"
    ADMIN = "admin"


class Organisation(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    slug = fields.CharField(max_length=80, unique=True)
    kind = fields.CharEnumField(OrganisationKind, default=OrganisationKind.ORGANISER)
    municipality = fields.CharField(max_length=120, default="")
    # Its look on public pages and in mails (accounts.services.branding checks them).
    logo = fields.CharField(max_length=200, default="", db_default="")  # under media/organisations/
    colour = fields.CharField(max_length=7, default="", db_default="")  # "#rrggbb"; "" = ours
    mail_sender_name = fields.CharField(max_length=200, default="", db_default="")
    mail_sender_address = fields.CharField(max_length=254, default="", db_default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "organisation"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(Model):
    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)  # stored lower-case
    name = fields.CharField(max_length=200)
    password_hash = fields.CharField(max_length=255, default="")
    is_admin = fields.BooleanField(default=False)  # platform administrator
    is_active = fields.BooleanField(default=True)
    language = fields.CharField(max_length=5, default="nl")
    session_version = fields.IntField(default=1)  # bumped on password change: old sessions end
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)

    memberships: fields.ReverseRelation[Membership]

    class Meta:
        table = "user"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class Membership(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "festival.User", related_name="memberships", on_delete=fields.CASCADE
    )
    organisation: fields.ForeignKeyRelation[Organisation] = fields.ForeignKeyField(
        "festival.Organisation", related_name="memberships", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(Role)
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: int
    organisation_id: int

    class Meta:
        table = "membership"
        unique_together = (("user", "organisation"),)

    def __str__(self) -> str:
        return f"{self.user_id}@{self.organisation_id}:{self.role}"


class ApiToken(Model):
    id = fields.IntField(primary_key=True)
    # Events sit above accounts (an event belongs to an organisation): the relation is named by
    # its string, so this module imports nothing of events.
    event: fields.ForeignKeyRelation[Model] = fields.ForeignKeyField(
        "festival.Event", related_name="api_tokens", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=120, default="")
    scope = fields.CharEnumField(TokenScope)
    prefix = fields.CharField(max_length=12)  # shown in lists, so a token can be recognised
    token_hash = fields.CharField(max_length=64, unique=True)  # sha256 of the secret
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "festival.User", null=True, on_delete=fields.SET_NULL, related_name=False
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    event_id: int

    class Meta:
        table = "api_token"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.scope})"


class RateLimitHit(Model):
    """A fixed-window counter in the database, so limits hold across web processes."""

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=200)
    window_start = fields.IntField()  # unix seconds
    count = fields.IntField(default=0)

    class Meta:
        table = "rate_limit_hit"
        unique_together = (("key", "window_start"),)

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start}={self.count}"
