"""Speaker rules: create, change and delete speakers with their photo, and link them to sessions."""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps
from tortoise.transactions import in_transaction

from festival import audit, errors
from festival.audit import Actor
from festival.events.models import Event
from festival.i18n import _
from festival.programme.models import Session, Speaker
from festival.programme.services.codes import new_code
from festival.programme.services.validation import NAME_MAX, TEXT_MAX, Problems, check_text

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PHOTO_FORMATS = ("JPEG", "PNG", "WEBP")
PHOTO_SOURCE_MAX_SIDE = 8000  # what a camera makes; a larger header is a decompression bomb
PHOTO_SOURCE_MAX_PIXELS = 25_000_000  # decoding holds about 4 bytes per pixel
PHOTO_MAX_SIDE = 800  # stored and served: enough for a speaker card on any screen


@dataclass(frozen=True, kw_only=True)
class SpeakerData:
    name: str
    organisation: str = ""
    role: str = ""
    role_en: str = ""
    bio: str = ""
    bio_en: str = ""
    email: str = ""


def prepare_photo(content: bytes) -> tuple[bytes, str]:
    """The photo decoded and written anew (at most PHOTO_MAX_SIDE pixels a side, JPEG, or PNG
    when it has transparency; EXIF and other metadata dropped) with its file extension.
    Raises ValidationError photo_too_large, photo_too_many_pixels or photo_not_image."""
    if len(content) > PHOTO_MAX_BYTES:
        raise errors.ValidationError(
            "photo_too_large",
            _("De foto is te groot (hoogstens 2 MB)."),
            {"photo": _("Kies een foto van hoogstens 2 MB.")},
        )
    with warnings.catch_warnings():
        # Pillow only warns up to twice its own pixel limit; a bomb must never get that far.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(content), formats=PHOTO_FORMATS) as image:
                _check_pixels(*image.size)
                return _reencode(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_many_pixels() from error
        except (OSError, ValueError, SyntaxError, EOFError) as error:  # not decodable
            raise errors.ValidationError(
                "photo_not_image",
                _("Dit bestand is geen JPEG-, PNG- of WebP-foto."),
                {"photo": _("Kies een foto in JPEG, PNG of WebP.")},
            ) from error


def _too_many_pixels() -> errors.ValidationError:
    message = _("De foto heeft te veel beeldpunten (hoogstens %(n)s bij %(n)s).") % {
        "n": PHOTO_SOURCE_MAX_SIDE
    }
    return errors.ValidationError("photo_too_many_pixels", message, {"photo": message})


def _check_pixels(width: int, height: int) -> None:
    if max(width, height) > PHOTO_SOURCE_MAX_SIDE or width * height > PHOTO_SOURCE_MAX_PIXELS:
        raise _too_many_pixels()


def _reencode(image: Image.Image) -> tuple[bytes, str]:
    image.draft("RGB", (PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))  # JPEG: decode at a smaller scale
    image = ImageOps.exif_transpose(image)  # keep the orientation the EXIF data asked for
    image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
    transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    out = io.BytesIO()
    if transparent:
        image.convert("RGBA").save(out, format="PNG", optimize=True)
        return out.getvalue(), ".png"
    image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue(), ".jpg"


def _validate_speaker(data: SpeakerData) -> None:
    problems = Problems()
    check_text(problems, "name", data.name, NAME_MAX, required=True)
    check_text(problems, "organisation", data.organisation, NAME_MAX, required=False)
    check_text(problems, "role", data.role, NAME_MAX, required=False)
    check_text(problems, "role_en", data.role_en, NAME_MAX, required=False)
    check_text(problems, "bio", data.bio, TEXT_MAX, required=False)
    check_text(problems, "bio_en", data.bio_en, TEXT_MAX, required=False)
    email = data.email.strip()
    if email and ("@" not in email or " " in email or len(email) > 254):
        problems.add("invalid_email", "email", _("Vul een geldig e-mailadres in."))
    problems.raise_if_any()


def _speaker_values(data: SpeakerData) -> dict[str, str]:
    return {
        "name": data.name.strip(),
        "organisation": data.organisation.strip(),
        "role": data.role.strip(),
        "role_en": data.role_en.strip(),
        "bio": data.bio,
        "bio_en": data.bio_en,
        "email": data.email.strip().lower(),
    }


def _store_photo(content: bytes, media_dir: Path) -> str:
    photo, extension = prepare_photo(content)
    folder = media_dir / "speakers"
    folder.mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16) + extension
    (folder / name).write_bytes(photo)
    return name


def _remove_photo(name: str, media_dir: Path | None) -> None:
    if name and media_dir is not None:
        (media_dir / "speakers" / Path(name).name).unlink(missing_ok=True)


async def get_speaker(event: Event, speaker_id: int) -> Speaker:
    """A speaker of this event. Raises NotFound."""
    found = await Speaker.get_or_none(id=speaker_id, event_id=event.id)
    if found is None:
        raise errors.NotFound("speaker_not_found", _("Deze spreker bestaat niet."))
    return found


async def create_speaker(
    event: Event,
    *,
    data: SpeakerData,
    actor: Actor,
    photo: bytes | None = None,
    media_dir: Path | None = None,
) -> Speaker:
    """Create a speaker, with an optional photo stored under media_dir/speakers.
    Audits speaker.created."""
    speaker = Speaker(event_id=event.id, code=new_code(), **_speaker_values(data))
    return await _save_speaker(
        speaker, data=data, actor=actor, photo=photo, media_dir=media_dir, action="speaker.created"
    )


async def update_speaker_profile(
    speaker_id: int | None, *, data: SpeakerData, actor: Actor
) -> None:
    """Carry a profile edited elsewhere (a proposal's speaker) to the programme speaker;
    nothing when the speaker is gone."""
    speaker = await Speaker.get_or_none(id=speaker_id) if speaker_id is not None else None
    if speaker is not None:
        await update_speaker(speaker, data=data, actor=actor)


async def update_speaker(
    speaker: Speaker,
    *,
    data: SpeakerData,
    actor: Actor,
    photo: bytes | None = None,
    media_dir: Path | None = None,
) -> Speaker:
    """Change a speaker; a new photo replaces the old file. Audits speaker.updated."""
    speaker.update_from_dict(_speaker_values(data))
    return await _save_speaker(
        speaker, data=data, actor=actor, photo=photo, media_dir=media_dir, action="speaker.updated"
    )


async def _save_speaker(
    speaker: Speaker,
    *,
    data: SpeakerData,
    actor: Actor,
    photo: bytes | None,
    media_dir: Path | None,
    action: str,
) -> Speaker:
    _validate_speaker(data)
    if photo is not None and media_dir is None:
        raise ValueError("media_dir is needed to store a photo")
    old_photo, new_photo = speaker.photo, ""
    try:
        async with in_transaction():
            if photo is not None and media_dir is not None:
                new_photo = _store_photo(photo, media_dir)
                speaker.photo = new_photo
            await speaker.save()
            await audit.record(actor, action, speaker, name=speaker.name, photo=bool(new_photo))
    except BaseException:
        _remove_photo(new_photo, media_dir)
        raise
    if new_photo:
        _remove_photo(old_photo, media_dir)
    return speaker


async def delete_speaker(speaker: Speaker, *, actor: Actor, media_dir: Path | None = None) -> None:
    """Delete a speaker (unlinked from every session); the photo file goes too."""
    async with in_transaction():
        await audit.record(actor, "speaker.deleted", speaker, name=speaker.name)
        await speaker.delete()
    _remove_photo(speaker.photo, media_dir)


async def speakers_for_event(event: Event) -> list[Speaker]:
    return await Speaker.filter(event_id=event.id).order_by("name", "id")


async def link_speaker(session: Session, *, speaker_id: int, actor: Actor) -> None:
    """Add a speaker of the same event to a session. Raises ValidationError (unknown_speaker)."""
    async with in_transaction():
        speaker = await Speaker.get_or_none(id=speaker_id, event_id=session.event_id)
        if speaker is None:
            raise errors.ValidationError(
                "unknown_speaker",
                _("Deze spreker bestaat niet bij dit evenement."),
                {"speaker_id": _("Kies een spreker uit de lijst.")},
            )
        await session.speakers.add(speaker)
        await audit.record(actor, "session.speaker_linked", session, speaker_id=speaker.id)


async def unlink_speaker(session: Session, *, speaker_id: int, actor: Actor) -> None:
    """Remove a speaker from a session (the speaker stays)."""
    async with in_transaction():
        speaker = await Speaker.get_or_none(id=speaker_id, event_id=session.event_id)
        if speaker is None:
            raise errors.ValidationError(
                "unknown_speaker", _("Deze spreker bestaat niet bij dit evenement.")
            )
        await session.speakers.remove(speaker)
        await audit.record(actor, "session.speaker_unlinked", session, speaker_id=speaker.id)
