"""Back office: organisations (platform admins), members and roles (owners), API tokens."""

from __future__ import annotations

import re

import httpx
import pytest

from festival.accounts import services
from festival.accounts.models import ApiToken, Membership, Organisation, Role, TokenScope, User
from festival.audit import AuditEntry
from festival.errors import Unauthorized
from festival.mail.models import OutboxMessage
from tests.factories import make_event, make_organisation, make_user
from tests.helpers import csrf_from, login


async def _post(
    client: httpx.AsyncClient, page: str, action: str, data: dict[str, str]
) -> httpx.Response:
    token = csrf_from((await client.get(page)).text) if page else ""
    return await client.post(action, data={**data, "csrf_token": token})


# ---------------------------------------------------------------- organisations


async def test_admin_creates_organisation(client: httpx.AsyncClient) -> None:
    await make_user(email="admin@example.nl", is_admin=True)
    await login(client, "admin@example.nl")
    response = await _post(
        client,
        "/admin/organisations",
        "/admin/organisations",
        {"name": "Gemeente Utrecht", "slug": "gemeente-utrecht", "kind": "municipality"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/organisations/gemeente-utrecht/members"
    organisation = await Organisation.get(slug="gemeente-utrecht")
    assert (organisation.name, organisation.kind) == ("Gemeente Utrecht", "municipality")
    page = await client.get("/admin/organisations")
    assert "Gemeente Utrecht" in page.text
    assert await AuditEntry.filter(action="organisation.created").count() == 1


async def test_admin_create_organisation_with_bad_input_rerenders_form(
    client: httpx.AsyncClient,
) -> None:
    await make_organisation(slug="bestaat-al")
    await make_user(email="admin@example.nl", is_admin=True)
    await login(client, "admin@example.nl")
    bad = await _post(
        client,
        "/admin/organisations",
        "/admin/organisations",
        {"name": "", "slug": "Met Spaties", "kind": "planet"},
    )
    assert bad.status_code == 422
    assert "Vul een naam in." in bad.text
    assert "Gebruik kleine letters, cijfers en streepjes." in bad.text
    assert 'value="Met Spaties"' in bad.text
    taken = await _post(
        client,
        "/admin/organisations",
        "/admin/organisations",
        {"name": "Dubbel", "slug": "bestaat-al", "kind": "other"},
    )
    assert taken.status_code == 422
    assert "Deze korte naam is al in gebruik." in taken.text
    assert await Organisation.all().count() == 1


async def test_organisations_page_is_for_platform_admins_only(client: httpx.AsyncClient) -> None:
    owner = await make_user(role=Role.OWNER)
    await login(client, owner.email)
    assert (await client.get("/admin/organisations")).status_code == 403
    response = await _post(
        client, "/account", "/admin/organisations", {"name": "X", "slug": "x", "kind": "other"}
    )
    assert response.status_code == 403
    assert await Organisation.filter(slug="x").count() == 0


# ---------------------------------------------------------------- members


@pytest.fixture
async def owner_org(client: httpx.AsyncClient) -> Organisation:
    organisation = await make_organisation(name="Netwerk Democratie", slug="netwerk")
    await make_user(email="owner@example.nl", role=Role.OWNER, organisation=organisation)
    await login(client, "owner@example.nl")
    return organisation


MEMBERS = "/admin/organisations/netwerk/members"


async def test_owner_adds_new_member_who_gets_an_invitation(
    client: httpx.AsyncClient, owner_org: Organisation
) -> None:
    response = await _post(
        client, MEMBERS, MEMBERS, {"email": "New@Example.nl", "name": "Nieuw Lid", "role": "staff"}
    )
    assert response.status_code == 303
    user = await User.get(email="new@example.nl")
    assert user.password_hash == ""
    membership = await Membership.get(user_id=user.id)
    assert (membership.organisation_id, membership.role) == (owner_org.id, Role.STAFF)
    message = await OutboxMessage.get(to="new@example.nl")
    assert message.template == "accounts/invite"
    assert "Netwerk Democratie" in message.subject
    match = re.search(r"http://testserver(/password/reset/\S+)", message.text)
    assert match is not None
    page = await client.get(MEMBERS)
    assert "Uitgenodigd, nog geen wachtwoord" in page.text
    # The invitee chooses a password through the link and can then log in.
    async with httpx.AsyncClient(
        transport=client._transport, base_url="http://testserver"
    ) as invitee:
        form = await invitee.get(match.group(1))
        assert form.status_code == 200
        done = await invitee.post(
            match.group(1),
            data={
                "password": "invited password",
                "confirm": "invited password",
                "csrf_token": csrf_from(form.text),
            },
        )
        assert done.status_code == 303
        await login(invitee, "new@example.nl", "invited password")


async def test_owner_adds_existing_user_without_mail(
    client: httpx.AsyncClient, owner_org: Organisation
) -> None:
    existing = await make_user(email="known@example.nl")
    response = await _post(
        client, MEMBERS, MEMBERS, {"email": "known@example.nl", "name": "", "role": "reviewer"}
    )
    assert response.status_code == 303
    assert (await Membership.get(user_id=existing.id)).role == Role.REVIEWER
    assert await OutboxMessage.filter(to="known@example.nl").count() == 0


async def test_add_member_twice_or_with_bad_input_is_refused(
    client: httpx.AsyncClient, owner_org: Organisation
) -> None:
    twice = await _post(
        client, MEMBERS, MEMBERS, {"email": "owner@example.nl", "name": "", "role": "staff"}
    )
    assert twice.status_code == 422
    assert "Deze persoon is al lid van de organisatie." in twice.text
    bad = await _post(
        client, MEMBERS, MEMBERS, {"email": "not-an-address", "name": "", "role": "emperor"}
    )
    assert bad.status_code == 422
    assert "Kies een rol." in bad.text
    assert await User.all().count() == 1


async def test_owner_changes_role_and_removes_member(
    client: httpx.AsyncClient, owner_org: Organisation
) -> None:
    member = await make_user(email="m@example.nl", role=Role.STAFF, organisation=owner_org)
    membership = await Membership.get(user_id=member.id)
    base = f"{MEMBERS}/{membership.id}"
    assert (await _post(client, MEMBERS, base + "/role", {"role": "organiser"})).status_code == 303
    assert (await Membership.get(id=membership.id)).role == Role.ORGANISER
    assert (await _post(client, MEMBERS, base + "/remove", {})).status_code == 303
    assert await Membership.filter(id=membership.id).count() == 0
    actions = await AuditEntry.filter(action__startswith="membership.").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["membership.removed", "membership.role_changed"]


async def test_last_owner_cannot_be_removed_or_demoted(
    client: httpx.AsyncClient, owner_org: Organisation
) -> None:
    own = await Membership.get(user__email="owner@example.nl")
    removed = await _post(client, MEMBERS, f"{MEMBERS}/{own.id}/remove", {})
    assert removed.status_code == 409
    assert "Een organisatie houdt minstens één eigenaar." in removed.text
    demoted = await _post(client, MEMBERS, f"{MEMBERS}/{own.id}/role", {"role": "staff"})
    assert demoted.status_code == 409
    assert (await Membership.get(id=own.id)).role == Role.OWNER


async def test_one_of_two_owners_can_be_removed(
    client: httpx.AsyncClient, owner_org: Organisation
) -> None:
    second = await make_user(role=Role.OWNER, organisation=owner_org)
    membership = await Membership.get(user_id=second.id)
    assert (
        await _post(client, MEMBERS, f"{MEMBERS}/{membership.id}/remove", {})
    ).status_code == 303


async def test_member_of_another_organisation_is_unknown_here(
    client: httpx.AsyncClient, owner_org: Organisation
) -> None:
    stranger = await make_user(role=Role.STAFF)
    membership = await Membership.get(user_id=stranger.id)
    response = await _post(client, MEMBERS, f"{MEMBERS}/{membership.id}/remove", {})
    assert response.status_code == 404
    assert await Membership.filter(id=membership.id).count() == 1


async def test_owner_of_another_organisation_cannot_manage_members(
    client: httpx.AsyncClient,
) -> None:
    await make_organisation(slug="netwerk")
    other_owner = await make_user(role=Role.OWNER)
    await login(client, other_owner.email)
    assert (await client.get(MEMBERS)).status_code == 403
    response = await _post(
        client, "/account", MEMBERS, {"email": "x@example.nl", "name": "", "role": "owner"}
    )
    assert response.status_code == 403
    assert await User.filter(email="x@example.nl").count() == 0


async def test_organiser_cannot_manage_members(client: httpx.AsyncClient) -> None:
    organisation = await make_organisation(slug="netwerk")
    organiser = await make_user(role=Role.ORGANISER, organisation=organisation)
    await login(client, organiser.email)
    assert (await client.get(MEMBERS)).status_code == 403


async def test_members_page_of_unknown_organisation_is_404(
    client: httpx.AsyncClient, owner_org: Organisation
) -> None:
    assert (await client.get("/admin/organisations/bestaat-niet/members")).status_code == 404


# ---------------------------------------------------------------- API tokens


async def test_organiser_creates_token_and_sees_secret_once(client: httpx.AsyncClient) -> None:
    organisation = await make_organisation()
    event = await make_event(organisation, slug="dld")
    user = await make_user(role=Role.ORGANISER, organisation=organisation)
    await login(client, user.email)
    page = "/admin/events/dld/tokens"
    response = await _post(client, page, page, {"name": "Scanner noord", "scope": "checkin"})
    assert response.status_code == 200
    secret = re.search(r'value="(fst_[^"]+)"', response.text)
    assert secret is not None
    token = await services.authenticate_bearer(
        f"Bearer {secret.group(1)}", event_id=event.id, scopes=(TokenScope.CHECKIN,)
    )
    assert (token.name, token.created_by_id) == ("Scanner noord", user.id)  # type: ignore[attr-defined]
    listing = await client.get(page)
    assert secret.group(1) not in listing.text
    assert f"{token.prefix}…" in listing.text
    assert "Scanner noord" in listing.text


async def test_create_token_with_unknown_scope_is_refused(client: httpx.AsyncClient) -> None:
    organisation = await make_organisation()
    await make_event(organisation, slug="dld")
    user = await make_user(role=Role.OWNER, organisation=organisation)
    await login(client, user.email)
    response = await _post(
        client, "/admin/events/dld/tokens", "/admin/events/dld/tokens", {"scope": "root"}
    )
    assert response.status_code == 422
    assert "Kies een bereik." in response.text
    assert await ApiToken.all().count() == 0


async def test_organiser_revokes_token(client: httpx.AsyncClient) -> None:
    organisation = await make_organisation()
    event = await make_event(organisation, slug="dld")
    user = await make_user(role=Role.ORGANISER, organisation=organisation)
    token, raw = await services.create_token(event.id, scope=TokenScope.READ)
    await login(client, user.email)
    page = "/admin/events/dld/tokens"
    response = await _post(client, page, f"{page}/{token.id}/revoke", {})
    assert response.status_code == 303
    with pytest.raises(Unauthorized):
        await services.authenticate_bearer(
            f"Bearer {raw}", event_id=event.id, scopes=(TokenScope.READ,)
        )
    assert "Ingetrokken op" in (await client.get(page)).text
    assert await AuditEntry.filter(action="token.revoked").count() == 1


async def test_token_of_another_event_cannot_be_revoked_here(client: httpx.AsyncClient) -> None:
    organisation = await make_organisation()
    await make_event(organisation, slug="dld")
    other_event = await make_event(organisation, slug="festival-2027")
    token, _raw = await services.create_token(other_event.id, scope=TokenScope.READ)
    user = await make_user(role=Role.ORGANISER, organisation=organisation)
    await login(client, user.email)
    response = await _post(
        client, "/admin/events/dld/tokens", f"/admin/events/dld/tokens/{token.id}/revoke", {}
    )
    assert response.status_code == 404
    assert (await ApiToken.get(id=token.id)).revoked_at is None


async def test_staff_and_other_organisations_cannot_see_tokens(client: httpx.AsyncClient) -> None:
    organisation = await make_organisation()
    await make_event(organisation, slug="dld")
    staff = await make_user(role=Role.STAFF, organisation=organisation)
    await login(client, staff.email)
    assert (await client.get("/admin/events/dld/tokens")).status_code == 403
    outsider = await make_user(role=Role.OWNER)
    await login(client, outsider.email)
    assert (await client.get("/admin/events/dld/tokens")).status_code == 403
