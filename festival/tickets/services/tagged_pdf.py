"""A one-page tagged PDF (PDF/UA-1) written directly, for the ticket: text lines in embedded
TrueType subsets, each marked as content of a structure element (H1, P, Figure, L/LI), borders
as artifacts, one 1-bit image. About 3 ms where WeasyPrint needs 30: no HTML, cascade or layout
engine, and a font subset is cut from byte slices of the font file instead of by fontTools."""

from __future__ import annotations

import hashlib
import itertools
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

MM = 72 / 25.4  # points per millimetre
_KAPPA = 0.5523  # Bezier control distance of a quarter circle, times its radius
_TABLES = ("head", "hhea", "maxp", "hmtx")  # with loca and glyf: what a CIDFontType2 needs


class Font:
    """A TrueType font read once per process: advance widths, the character map, and each
    glyph's bytes and components, so a subset is a concatenation of slices."""

    def __init__(self, path: Path) -> None:
        font = TTFont(str(path), lazy=True)
        self.name = font["name"].getDebugName(6) or path.stem
        self.units = font["head"].unitsPerEm
        self.ascent = font["hhea"].ascent / self.units
        self.descent = -font["hhea"].descent / self.units
        self.bbox = [font["head"].xMin, font["head"].yMin, font["head"].xMax, font["head"].yMax]
        self.cap_height = getattr(font["OS/2"], "sCapHeight", font["hhea"].ascent)
        order = font.getGlyphOrder()
        gids = {name: gid for gid, name in enumerate(order)}
        self.cmap = {code: gids[name] for code, name in font.getBestCmap().items()}
        metrics = font["hmtx"].metrics
        self.advances = [metrics[name][0] for name in order]
        self.tables = {tag: font.getTableData(tag) for tag in _TABLES}
        self.long_metrics = font["hhea"].numberOfHMetrics
        loca_format = font["head"].indexToLocFormat
        loca = font.getTableData("loca")
        offsets = (
            struct.unpack(f">{len(loca) // 4}L", loca)
            if loca_format
            else [2 * o for o in struct.unpack(f">{len(loca) // 2}H", loca)]
        )
        glyf = font.getTableData("glyf")
        # Each glyph without its hinting program (half the bytes; a PDF viewer scales glyphs
        # itself), padded to four bytes as the long loca format wants.
        glyphs = [_unhinted(glyf[offsets[i] : offsets[i + 1]]) for i in range(len(order))]
        self.glyphs = [data + b"\0" * (-len(data) % 4) for data in glyphs]
        table = font["glyf"]
        self.components = {
            gid: [gids[c.glyphName] for c in table[name].components]
            for gid, name in enumerate(order)
            if self.glyphs[gid] and struct.unpack(">h", self.glyphs[gid][:2])[0] < 0
        }

    def covers(self, text: str) -> bool:
        return all(ord(char) in self.cmap for char in text if char not in "\n")

    def width(self, text: str, size: float) -> float:
        return sum(self.advances[self.cmap[ord(c)]] for c in text) * size / self.units

    def subset(self, gids: Iterable[int]) -> bytes:
        """A TrueType file with these glyphs (and their components) at their own ids, every
        other glyph empty: the PDF maps character codes to glyph ids one to one."""
        keep = {0}
        todo = list(gids)
        while todo:
            gid = todo.pop()
            if gid not in keep:
                keep.add(gid)
                todo += self.components.get(gid, [])
        sizes = [len(data) if gid in keep else 0 for gid, data in enumerate(self.glyphs)]
        offsets = [0, *itertools.accumulate(sizes)]
        glyf = b"".join(self.glyphs[gid] for gid in sorted(keep))
        head = bytearray(self.tables["head"])
        head[8:12] = b"\0\0\0\0"  # checkSumAdjustment: unchecked by PDF readers
        head[50:52] = struct.pack(">h", 1)  # long loca offsets
        tables = {
            **self.tables,
            "head": bytes(head),
            "hmtx": self._metrics(keep),
            "loca": struct.pack(f">{len(offsets)}L", *offsets),
            "glyf": glyf,
        }
        return _sfnt(tables)

    def _metrics(self, keep: set[int]) -> bytes:
        """hmtx with zeros for the glyphs left out: the file compresses to half."""
        full = self.tables["hmtx"]
        metrics = bytearray(len(full))
        for gid in keep:
            at, size = (
                (4 * gid, 4)
                if gid < self.long_metrics
                else (4 * self.long_metrics + 2 * (gid - self.long_metrics), 2)
            )
            metrics[at : at + size] = full[at : at + size]
        return bytes(metrics)


def _unhinted(glyph: bytes) -> bytes:
    """A simple glyph with an empty instruction program (composites keep theirs)."""
    if len(glyph) < 10:
        return glyph
    contours = struct.unpack(">h", glyph[:2])[0]
    if contours < 0:
        return glyph
    at = 10 + 2 * contours
    length = struct.unpack(">H", glyph[at : at + 2])[0]
    return glyph[:at] + b"\0\0" + glyph[at + 2 + length :]


def _sfnt(tables: dict[str, bytes]) -> bytes:
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(
        ">LHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, (count - power) * 16
    )
    offset = 12 + 16 * count
    records, body = b"", b""
    for tag in tags:
        data = tables[tag]
        padded = data + b"\0" * (-len(data) % 4)
        checksum = sum(struct.unpack(f">{len(padded) // 4}L", padded)) & 0xFFFFFFFF
        records += struct.pack(">4sLLL", tag.encode("ascii"), checksum, offset, len(data))
        body += padded
        offset += len(padded)
    return header + records + body


@cache
def font(path: str) -> Font:
    return Font(Path(path))


@dataclass
class Element:
    """A structure element: its role, alternative text and the marked contents or elements
    it holds, in reading order."""

    role: str
    alt: str = ""
    kids: list[int | Element] = field(default_factory=list)


class Page:
    """One page of marked content. Every `text` and `image` belongs to an element; `box` and
    `rule` are artifacts (decoration a screen reader skips)."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.content: list[bytes] = []
        self.fonts: dict[str, tuple[Font, set[int], dict[int, str]]] = {}  # by resource name
        self.images: list[tuple[int, bytes]] = []
        self.marked: list[Element] = []  # by MCID
        self.root = Element("Document")

    def element(self, role: str, parent: Element | None = None, *, alt: str = "") -> Element:
        made = Element(role, alt)
        (parent or self.root).kids.append(made)
        return made

    def _mark(self, element: Element) -> int:
        mcid = len(self.marked)
        self.marked.append(element)
        element.kids.append(mcid)
        return mcid

    def text(
        self,
        element: Element,
        x: float,
        y: float,
        text: str,
        face: Font,
        size: float,
        grey: float = 0.07,
    ) -> None:
        """`text` with its baseline at y (points from the page's top)."""
        key = next((k for k, used in self.fonts.items() if used[0] is face), "")
        if not key:
            key = f"F{len(self.fonts) + 1}"
            self.fonts[key] = (face, set(), {})
        _face, gids, chars = self.fonts[key]
        codes = []
        for char in text:
            gid = face.cmap[ord(char)]
            gids.add(gid)
            chars.setdefault(gid, char)
            codes.append(f"{gid:04x}")
        mcid = self._mark(element)
        self.content.append(
            f"/{element.role} <</MCID {mcid}>> BDC BT /{key} {size:.2f} Tf {grey:.3f} g "
            f"1 0 0 1 {x:.2f} {self.height - y:.2f} Tm <{''.join(codes)}> Tj ET EMC".encode()
        )

    def image(
        self, element: Element, x: float, y: float, size: float, rows: list[list[bool]]
    ) -> None:
        """A square 1-bit image, dark where `rows` is true, its top left corner at (x, y)."""
        pixels = len(rows)
        data = bytearray()
        for row in rows:
            bits = "".join("0" if dark else "1" for dark in row).ljust(-(-pixels // 8) * 8, "1")
            data += int(bits, 2).to_bytes(len(bits) // 8, "big")
        self.images.append((pixels, bytes(data)))
        mcid = self._mark(element)
        top = self.height - y - size
        self.content.append(
            f"/Figure <</MCID {mcid}>> BDC q {size:.2f} 0 0 {size:.2f} {x:.2f} {top:.2f} cm "
            f"/Im{len(self.images)} Do Q EMC".encode()
        )

    def box(self, x: float, y: float, w: float, h: float, *, line: float, radius: float) -> None:
        """A rounded rectangle's outline, drawn inside (x, y, w, h) as CSS draws a border."""
        inset = line / 2
        left, right = x + inset, x + w - inset
        top, bottom = self.height - y - inset, self.height - y - h + inset
        r = radius - inset
        k = r * _KAPPA
        points = [  # clockwise from the top edge: line to a corner, then its curve
            (left + r, top), (right - r, top),
            (right - r + k, top, right, top - r + k, right, top - r), (right, bottom + r),
            (right, bottom + r - k, right - r + k, bottom, right - r, bottom), (left + r, bottom),
            (left + r - k, bottom, left, bottom + r - k, left, bottom + r), (left, top - r),
            (left, top - r + k, left + r - k, top, left + r, top),
        ]  # fmt: skip
        operators = ["m"] + ["l" if len(p) == 2 else "c" for p in points[1:]]
        path = " ".join(
            " ".join(f"{v:.2f}" for v in point) + f" {op}"
            for point, op in zip(points, operators, strict=True)
        )
        self.content.append(f"/Artifact BMC q {line:.2f} w 0.07 G {path} h S Q EMC".encode())

    def rule(self, x: float, y: float, w: float, *, line: float, grey: float) -> None:
        """A horizontal line whose top edge is at y."""
        mid = self.height - y - line / 2
        self.content.append(
            f"/Artifact BMC q {line:.2f} w {grey:.3f} G {x:.2f} {mid:.2f} m "
            f"{x + w:.2f} {mid:.2f} l S Q EMC".encode()
        )

    def write(self, *, title: str, lang: str) -> bytes:
        """The PDF: catalog marked and in `lang`, the title shown, the structure tree."""
        pdf = _Objects()
        catalog, pages, page, tree = pdf.reserve(), pdf.reserve(), pdf.reserve(), pdf.reserve()
        fonts = " ".join(
            f"/{key} {_font_object(pdf, face, gids, chars, number)} 0 R"
            for number, (key, (face, gids, chars)) in enumerate(self.fonts.items(), start=1)
        )
        images = " ".join(
            f"/Im{number} {pdf.stream(data, _image_extra(pixels))} 0 R"
            for number, (pixels, data) in enumerate(self.images, start=1)
        )
        contents = pdf.stream(b"\n".join(self.content))
        pdf.set(
            page,
            f"<</Type /Page /Parent {pages} 0 R /MediaBox [0 0 {self.width:.3f} "
            f"{self.height:.3f}] /Contents {contents} 0 R /Resources <</Font <<{fonts}>> "
            f"/XObject <<{images}>>>> /StructParents 0 /Tabs /S>>",
        )
        pdf.set(pages, f"<</Type /Pages /Kids [{page} 0 R] /Count 1>>")
        numbers: dict[int, int] = {}
        root = _structure(pdf, self.root, tree, page, numbers)
        parents = " ".join(f"{numbers[id(element)]} 0 R" for element in self.marked)
        pdf.set(
            tree,
            f"<</Type /StructTreeRoot /K [{root} 0 R] /ParentTree <</Nums [0 [{parents}]]>> "
            "/ParentTreeNextKey 1>>",
        )
        metadata = pdf.add(
            b"<</Type /Metadata /Subtype /XML /Length %d>>\nstream\n%b\nendstream"
            % (len(xmp := _xmp(title, lang)), xmp)
        )
        pdf.set(
            catalog,
            f"<</Type /Catalog /Pages {pages} 0 R /MarkInfo <</Marked true>> "
            f"/StructTreeRoot {tree} 0 R /Lang {_text(lang)} "
            f"/ViewerPreferences <</DisplayDocTitle true>> /Metadata {metadata} 0 R>>",
        )
        info = pdf.add(f"<</Title {_text(title)} /Producer (festival)>>")
        return pdf.write(root=catalog, info=info)


class _Objects:
    """The numbered objects of a PDF, written with their cross-reference table."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def reserve(self) -> int:
        self.bodies.append(b"")
        return len(self.bodies)

    def set(self, number: int, body: str | bytes) -> None:
        self.bodies[number - 1] = body.encode("latin-1") if isinstance(body, str) else body

    def add(self, body: str | bytes) -> int:
        number = self.reserve()
        self.set(number, body)
        return number

    def stream(self, data: bytes, extra: str = "") -> int:
        """A Flate-compressed stream with `extra` entries in its dictionary."""
        packed = zlib.compress(data, 6)
        head = f"<<{extra} /Filter /FlateDecode /Length {len(packed)}>>\nstream\n"
        return self.add(head.encode("latin-1") + packed + b"\nendstream")

    def write(self, *, root: int, info: int) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.bodies, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n%b\nendobj\n" % (number, body)
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        identifier = hashlib.md5(out, usedforsecurity=False).hexdigest().encode()
        out += (
            b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /ID [<%b> <%b>]>>\n"
            b"startxref\n%d\n%%%%EOF\n"
            % (len(offsets) + 1, root, info, identifier, identifier, xref)
        )
        return bytes(out)


def _text(value: str) -> str:
    """A PDF text string: UTF-16 with its byte order mark, as hex (safe for any character)."""
    return "<feff" + value.encode("utf-16-be").hex() + ">"


def _structure(
    pdf: _Objects, element: Element, parent: int, page: int, numbers: dict[int, int]
) -> int:
    number = pdf.reserve()
    numbers[id(element)] = number
    kids = " ".join(
        str(kid) if isinstance(kid, int) else f"{_structure(pdf, kid, number, page, numbers)} 0 R"
        for kid in element.kids
    )
    alt = f" /Alt {_text(element.alt)}" if element.alt else ""
    pdf.set(
        number,
        f"<</Type /StructElem /S /{element.role} /P {parent} 0 R /Pg {page} 0 R{alt} /K [{kids}]>>",
    )
    return number


def _image_extra(pixels: int) -> str:
    return (
        f"/Type /XObject /Subtype /Image /Width {pixels} /Height {pixels} "
        "/ColorSpace /DeviceGray /BitsPerComponent 1 /Interpolate false"
    )


def _font_object(
    pdf: _Objects, face: Font, gids: set[int], chars: dict[int, str], number: int
) -> int:
    """A Type0 font (Identity-H: two bytes a glyph id) over the subset, with the widths of the
    glyphs used and a ToUnicode map, so copying and text extraction give the text back."""
    program = face.subset(gids)
    file = pdf.stream(program, f"/Length1 {len(program)}")
    scale = 1000 / face.units
    base = f"/FEST{number:02d}+{''.join(c for c in face.name if c.isalnum() or c == '-')}"
    bbox = " ".join(str(round(v * scale)) for v in face.bbox)
    descriptor = pdf.add(
        f"<</Type /FontDescriptor /FontName {base} /Flags 32 /FontBBox [{bbox}] /ItalicAngle 0 "
        f"/Ascent {round(face.ascent * 1000)} /Descent {round(-face.descent * 1000)} "
        f"/CapHeight {round(face.cap_height * scale)} /StemV 80 /FontFile2 {file} 0 R>>"
    )
    widths = " ".join(f"{gid} [{round(face.advances[gid] * scale)}]" for gid in sorted(gids))
    cid_font = pdf.add(
        f"<</Type /Font /Subtype /CIDFontType2 /BaseFont {base} /CIDSystemInfo <</Registry "
        f"(Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor {descriptor} 0 R "
        f"/W [{widths}] /CIDToGIDMap /Identity>>"
    )
    to_unicode = pdf.stream(_to_unicode(chars))
    return pdf.add(
        f"<</Type /Font /Subtype /Type0 /BaseFont {base} /Encoding /Identity-H "
        f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R>>"
    )


def _to_unicode(chars: dict[int, str]) -> bytes:
    lines = [
        f"<{gid:04x}> <{char.encode('utf-16-be').hex()}>" for gid, char in sorted(chars.items())
    ]
    blocks = [lines[i : i + 100] for i in range(0, len(lines), 100)]
    body = "\n".join(f"{len(b)} beginbfchar\n" + "\n".join(b) + "\nendbfchar" for b in blocks)
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <ffff> endcodespacerange\n"
        f"{body}\nendcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode()


def _xmp(title: str, lang: str) -> bytes:
    escaped = title.replace("&", "&amp;").replace("<", "&lt;")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><pdfuaid:part>1</pdfuaid:part>'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="{lang}">{escaped}</rdf:li></rdf:Alt></dc:title>'
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()
