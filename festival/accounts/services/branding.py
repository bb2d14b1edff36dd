"""An organisation's look on its public pages and in its mails: logo (a validated image,
written anew as PNG), colour (#rrggbb; the text on it is black or white, whichever reaches
the WCAG AA contrast of 4.5:1) and the mail sender's name and address."""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from tortoise.transactions import in_transaction

from festival import audit
from festival.accounts.models import Organisation
from festival.errors import NotFound, ValidationError
from festival.i18n import _

LOGO_MAX_BYTES = 1024 * 1024
LOGO_SOURCE_MAX_SIDE = 4000
LOGO_MAX_SIDE = 600
LOGO_FORMATS = ("PNG", "JPEG", "WEBP")
WCAG_AA = 4.5
WHITE, BLACK = "#ffffff", "#000000"


@dataclass(frozen=True)
class Branding:
    """What a public page or mail shows of its organisation (empty: festival's own look)."""

    name: str
    slug: str
    logo: str  # file name under media/organisations/, or ""
    colour: str  # "#rrggbb" or ""
    text_colour: str  # the text on `colour`: black or white
    sender_name: str
    sender_address: str


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2.1) of "#rrggbb"."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG contrast ratio of two "#rrggbb" colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_colour_for(colour: str) -> str:
    """White text when it reaches 4.5:1 on `colour`, else black (one of them always does)."""
    return WHITE if contrast_ratio(colour, WHITE) >= WCAG_AA else BLACK


def branding_of(organisation: Organisation) -> Branding:
    colour = organisation.colour
    return Branding(
        name=organisation.name,
        slug=organisation.slug,
        logo=organisation.logo,
        colour=colour,
        text_colour=text_colour_for(colour) if colour else "",
        sender_name=organisation.mail_sender_name,
        sender_address=organisation.mail_sender_address,
    )


async def branding_for(organisation_id: int) -> Branding | None:
    found = await Organisation.get_or_none(id=organisation_id)
    return branding_of(found) if found else None


def prepare_logo(content: bytes) -> bytes:
    """The logo decoded and written anew as PNG (at most LOGO_MAX_SIDE a side, no metadata).
    Raises ValidationError logo_too_large or logo_not_image."""
    if len(content) > LOGO_MAX_BYTES:
        message = _("Kies een logo van hoogstens 1 MB.")
        raise ValidationError("logo_too_large", message, {"logo": message})
    not_image = _("Kies een logo in PNG, JPEG of WebP.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(content), formats=LOGO_FORMATS) as image:
                if max(image.size) > LOGO_SOURCE_MAX_SIDE:
                    raise ValidationError("logo_not_image", not_image, {"logo": not_image})
                image.thumbnail((LOGO_MAX_SIDE, LOGO_MAX_SIDE))
                out = io.BytesIO()
                image.convert("RGBA").save(out, format="PNG", optimize=True)
                return out.getvalue()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning, OSError) as error:
            raise ValidationError("logo_not_image", not_image, {"logo": not_image}) from error
        except (ValueError, SyntaxError, EOFError) as error:
            raise ValidationError("logo_not_image", not_image, {"logo": not_image}) from error


async def update_branding(
    organisation: Organisation,
    *,
    values: Any,
    logo: bytes | None,
    media_dir: Path | None,
    actor: audit.Actor,
) -> Organisation:
    """Save colour, sender and (when given) a new logo. Side effects: the logo file under
    media/organisations/, audit `organisation.branding_changed`. Raises ValidationError."""
    name = ""
    if logo and media_dir is not None:
        png = prepare_logo(logo)
        folder = media_dir / "organisations"
        folder.mkdir(parents=True, exist_ok=True)
        name = secrets.token_hex(16) + ".png"
        (folder / name).write_bytes(png)
    old_logo = organisation.logo
    async with in_transaction():
        organisation.colour = values.colour.lower()
        organisation.mail_sender_name = values.sender_name
        organisation.mail_sender_address = values.sender_address.lower()
        if name:
            organisation.logo = name
        await organisation.save()
        await audit.record(
            actor,
            "organisation.branding_changed",
            organisation,
            colour=organisation.colour,
            logo=bool(organisation.logo),
        )
    if name and old_logo and media_dir is not None:
        (media_dir / "organisations" / Path(old_logo).name).unlink(missing_ok=True)
    return organisation


async def branding_by_slug(org_slug: str) -> Branding:
    """Raises NotFound for an unknown organisation."""
    found = await Organisation.get_or_none(slug=org_slug[:80])
    if found is None:
        raise NotFound("organisation_not_found", _("Deze organisatie bestaat niet."))
    return branding_of(found)


def brand_css(branding: Branding) -> str:
    """The organisation's colour as a style sheet (the pages' CSP allows no inline styles):
    `.brand` is the band with its logo on its public pages."""
    if not branding.colour:
        return ""
    return f".brand {{ background: {branding.colour}; color: {branding.text_colour}; }}\n"
