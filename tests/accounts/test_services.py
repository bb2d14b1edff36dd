"""Account rules that must hold under parallel requests, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest

from festival.accounts import services
from festival.accounts.models import Membership, Role, User
from festival.errors import Conflict, DomainError, ValidationError
from tests.factories import make_organisation, make_user

SECRET = "secret-for-links-0123456789-abcdefghijklmnop"


async def test_two_owners_removing_each_other_at_once_keep_one_owner(database: None) -> None:
    organisation = await make_organisation()
    first = await make_user(role=Role.OWNER, organisation=organisation)
    second = await make_user(role=Role.OWNER, organisation=organisation)
    one = await Membership.get(user_id=first.id)
    two = await Membership.get(user_id=second.id)
    results = await asyncio.gather(
        services.remove_member(organisation, one.id, actor=second),
        services.remove_member(organisation, two.id, actor=first),
        return_exceptions=True,
    )
    refusals = [r for r in results if isinstance(r, Conflict)]
    assert len(refusals) == 1 and refusals[0].code == "last_owner"
    assert await Membership.filter(organisation_id=organisation.id, role=Role.OWNER).count() == 1


async def test_adding_the_same_person_twice_at_once_makes_one_membership(database: None) -> None:
    organisation = await make_organisation()
    owner = await make_user(role=Role.OWNER, organisation=organisation)
    await make_user(email="twice@example.nl")
    results = await asyncio.gather(
        *(
            services.add_member(
                organisation,
                "twice@example.nl",
                role="staff",
                name="",
                actor=owner,
                secret_key=SECRET,
                base_url="http://testserver",
            )
            for _ in range(3)
        ),
        return_exceptions=True,
    )
    assert sum(isinstance(r, Membership) for r in results) == 1
    assert all(isinstance(r, Membership | Conflict) for r in results)
    assert await Membership.filter(user__email="twice@example.nl").count() == 1


async def test_creating_the_same_user_twice_at_once_makes_one_user(database: None) -> None:
    results = await asyncio.gather(
        *(services.create_user("same@example.nl", name="Same", password=None) for _ in range(3)),
        return_exceptions=True,
    )
    assert sum(isinstance(r, User) for r in results) == 1
    assert all(isinstance(r, User) or getattr(r, "code", "") == "email_taken" for r in results)


async def test_one_reset_link_used_twice_at_once_works_once(database: None) -> None:
    user = await make_user(email="race@example.nl")
    token = services.make_reset_token(user, secret_key=SECRET)
    results = await asyncio.gather(
        services.reset_password(
            token, password="first new password", confirm="first new password", secret_key=SECRET
        ),
        services.reset_password(
            token, password="second new password", confirm="second new password", secret_key=SECRET
        ),
        return_exceptions=True,
    )
    failures = [r for r in results if isinstance(r, DomainError)]
    assert len(failures) == 1 and failures[0].code == "reset_link_used"
    assert (await User.get(id=user.id)).session_version == 2


async def test_create_user_checks_address_and_password(database: None) -> None:
    with pytest.raises(ValidationError) as bad_address:
        await services.create_user("no-at-sign", name="X", password=None)
    assert bad_address.value.code == "invalid_email"
    with pytest.raises(ValidationError) as short:
        await services.create_user("ok@example.nl", name="X", password="short")
    assert short.value.code == "password_too_short"
    assert await User.all().count() == 0


async def test_best_role_is_the_strongest_membership(database: None) -> None:
    user = await make_user(role=Role.STAFF)
    await Membership.create(user=user, organisation=await make_organisation(), role=Role.ORGANISER)
    assert await services.best_role(user) == Role.ORGANISER
    assert await services.best_role(await make_user()) is None
