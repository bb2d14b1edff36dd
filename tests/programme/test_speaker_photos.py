"""Speaker photos are decoded, not trusted by their first bytes: decompression bombs and broken
files are refused on the form, every accepted photo is stored anew (small, no EXIF)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import httpx
import pytest
from PIL import Image

from festival.errors import ValidationError
from festival.programme import services
from festival.programme.models import Speaker
from festival.settings import Settings
from tests.programme.test_admin import organiser_event


def png_declaring(width: int, height: int) -> bytes:
    """A tiny file whose PNG header claims width x height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + 3 * min(width, 64)) * 4)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def photo(size: tuple[int, int], fmt: str, mode: str = "RGB", exif: bool = False) -> bytes:
    image = Image.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30))
    out = io.BytesIO()
    extra = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera maker"  # Make
        data[0x8825] = {2: (52.0, 5.0, 0.0)}  # GPSInfo: where the photo was taken
        extra["exif"] = data.tobytes()
    image.save(out, format=fmt, **extra)
    return out.getvalue()


def _opened(content: bytes) -> tuple[str | None, tuple[int, int], bool]:
    with Image.open(io.BytesIO(content)) as image:
        return image.format, image.size, bool(image.getexif())


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (photo((2400, 1200), "JPEG", exif=True), ("JPEG", (800, 400), False)),
        (photo((300, 900), "PNG", mode="RGBA"), ("PNG", (267, 800), False)),
        (photo((640, 480), "WEBP"), ("JPEG", (640, 480), False)),
        (photo((50, 50), "PNG"), ("JPEG", (50, 50), False)),
    ],
    ids=["large-jpeg-with-gps-exif", "transparent-png", "webp", "small-png"],
)
def test_prepare_photo_writes_a_small_image_without_metadata(
    content: bytes, expected: tuple[str, tuple[int, int], bool]
) -> None:
    prepared, extension = services.prepare_photo(content)
    assert _opened(prepared) == expected
    assert extension == {"JPEG": ".jpg", "PNG": ".png"}[expected[0]]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (png_declaring(30000, 30000), "photo_too_many_pixels"),
        (png_declaring(10000, 10), "photo_too_many_pixels"),
        (png_declaring(5000, 5001), "photo_too_many_pixels"),
        (photo((10, 10), "GIF"), "photo_not_image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "photo_not_image"),
    ],
    ids=["30000x30000", "too-wide", "25M-pixels", "gif", "png-magic-only"],
)
def test_prepare_photo_refuses_bombs_and_broken_files(content: bytes, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.prepare_photo(content)
    assert caught.value.code == code
    assert list(caught.value.fields) == ["photo"]


async def test_speaker_form_refuses_a_decompression_bomb_with_a_message(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    event, token = await organiser_event(client)
    response = await client.post(
        f"/admin/events/{event.slug}/programme/speakers",
        data={"csrf_token": token, "name": "Bom"},
        files={"photo": ("bom.png", png_declaring(30000, 30000), "image/png")},
    )
    assert response.status_code == 422
    assert "De foto heeft te veel beeldpunten (hoogstens 8000 bij 8000)." in response.text
    assert await Speaker.all().count() == 0
    folder = Path(settings.media_dir) / "speakers"
    assert not folder.exists() or list(folder.iterdir()) == []


async def test_accepted_photo_is_served_small_and_without_exif(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    event, token = await organiser_event(client)
    response = await client.post(
        f"/admin/events/{event.slug}/programme/speakers",
        data={"csrf_token": token, "name": "Anna"},
        files={"photo": ("anna.jpg", photo((3000, 2000), "JPEG", exif=True), "image/jpeg")},
    )
    assert response.status_code == 303
    speaker = await Speaker.get(event_id=event.id)
    served = await client.get(f"/media/speakers/{speaker.photo}")
    assert served.status_code == 200
    assert served.headers["content-type"] == "image/jpeg"
    assert _opened(served.content) == ("JPEG", (800, 533), False)
