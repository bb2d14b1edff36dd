"""Which organisations a user belongs to."""

from __future__ import annotations

from festival.accounts.models import ORGANISER_ROLES, Organisation, Role, User


async def organisations_for(
    user: User, roles: tuple[Role, ...] = ORGANISER_ROLES
) -> list[Organisation]:
    """Every organisation for an admin; else those where the user has one of `roles`."""
    if user.is_admin:
        return await Organisation.all()
    return await Organisation.filter(
        memberships__user_id=user.id, memberships__role__in=list(roles)
    ).distinct()
