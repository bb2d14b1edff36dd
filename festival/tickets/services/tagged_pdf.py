"""A one-page tagged PDF (PDF/UA-1) written directly, for the ticket: text lines in embedded
TrueType subsets, each marked as content of a structure element (H1, P, Figure, L/LI), borders
as artifacts, one 1-bit image. About 1 ms where WeasyPrint needs 30: no HTML, cascade or layout
engine, and a font subset is cut from byte slices of the font file instead of by fontTools."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pydyf
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
        self.tables = {tag: font.reader[tag] for tag in _TABLES}
        self.long_metrics = font["hhea"].numberOfHMetrics
        loca_format = font["head"].indexToLocFormat
        loca = font.reader["loca"]
        offsets = (
            struct.unpack(f">{len(loca) // 4}L", loca)
            if loca_format
            else [2 * o for o in struct.unpack(f">{len(loca) // 2}H", loca)]
        )
        glyf = font.reader["glyf"]
        self.glyphs = [glyf[offsets[i] : offsets[i + 1]] for i in range(len(order))]
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
        glyf = bytearray()
        offsets = []
        for gid, data in enumerate(self.glyphs):
            offsets.append(len(glyf))
            if gid in keep:
                glyf += data + b"\0" * (-len(data) % 4)
        offsets.append(len(glyf))
        head = bytearray(self.tables["head"])
        head[8:12] = b"\0\0\0\0"  # checkSumAdjustment: unchecked by PDF readers
        head[50:52] = struct.pack(">h", 1)  # long loca offsets
        tables = {
            **self.tables,
            "head": bytes(head),
            "hmtx": self._metrics(keep),
            "loca": struct.pack(f">{len(offsets)}L", *offsets),
            "glyf": bytes(glyf),
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
        document = pydyf.PDF()
        resources = pydyf.Dictionary({"Font": pydyf.Dictionary(), "XObject": pydyf.Dictionary()})
        for number, (key, (face, gids, chars)) in enumerate(self.fonts.items(), start=1):
            resources["Font"][key] = _font_object(document, face, gids, chars, number)
        for number, (pixels, data) in enumerate(self.images, start=1):
            image = _stream(data, _image_extra(pixels))
            document.add_object(image)
            resources["XObject"][f"Im{number}"] = image.reference
        contents = _stream(b"\n".join(self.content))
        document.add_object(contents)
        page = pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": document.pages.reference,
                "MediaBox": pydyf.Array([0, 0, f"{self.width:.3f}", f"{self.height:.3f}"]),
                "Contents": contents.reference,
                "Resources": resources,
                "StructParents": 0,
                "Tabs": "/S",
            }
        )
        document.add_page(page)
        tree = pydyf.Dictionary({"Type": "/StructTreeRoot"})
        document.add_object(tree)
        references: dict[int, Any] = {}
        root = _structure(document, self.root, tree.reference, page.reference, references)
        tree["K"] = pydyf.Array([root])
        parents = pydyf.Array([references[id(element)] for element in self.marked])
        tree["ParentTree"] = pydyf.Dictionary({"Nums": pydyf.Array([0, parents])})
        tree["ParentTreeNextKey"] = 1
        metadata = pydyf.Stream([_xmp(title, lang)], {"Type": "/Metadata", "Subtype": "/XML"})
        document.add_object(metadata)
        document.info["Title"] = pydyf.String(title)
        document.catalog.update(
            {
                "MarkInfo": pydyf.Dictionary({"Marked": "true"}),
                "StructTreeRoot": tree.reference,
                "Lang": pydyf.String(lang),
                "ViewerPreferences": pydyf.Dictionary({"DisplayDocTitle": "true"}),
                "Metadata": metadata.reference,
            }
        )
        output = io.BytesIO()
        document.write(output, version=b"1.7", identifier=True, compress=False)
        return output.getvalue()


def _structure(
    document: pydyf.PDF, element: Element, parent: Any, page: Any, references: dict[int, Any]
) -> Any:
    made = pydyf.Dictionary(
        {"Type": "/StructElem", "S": f"/{element.role}", "P": parent, "Pg": page}
    )
    if element.alt:
        made["Alt"] = pydyf.String(element.alt)
    document.add_object(made)
    references[id(element)] = made.reference
    made["K"] = pydyf.Array(
        kid if isinstance(kid, int) else _structure(document, kid, made.reference, page, references)
        for kid in element.kids
    )
    return made.reference


def _stream(data: bytes, extra: dict[str, Any] | None = None) -> pydyf.Stream:
    """A stream compressed once, here (pydyf would compress it at level 9 on every write)."""
    return pydyf.Stream([zlib.compress(data, 6)], {**(extra or {}), "Filter": "/FlateDecode"})


def _image_extra(pixels: int) -> dict[str, Any]:
    return {
        "Type": "/XObject",
        "Subtype": "/Image",
        "Width": pixels,
        "Height": pixels,
        "ColorSpace": "/DeviceGray",
        "BitsPerComponent": 1,
        "Interpolate": "false",
    }


def _font_object(
    document: pydyf.PDF, face: Font, gids: set[int], chars: dict[int, str], number: int
) -> Any:
    """A Type0 font (Identity-H: two bytes a glyph id) over the subset, with the widths of the
    glyphs used and a ToUnicode map, so copying and text extraction give the text back."""
    program = face.subset(gids)
    file = _stream(program, {"Length1": len(program)})
    document.add_object(file)
    scale = 1000 / face.units
    base = f"/FEST{number:02d}+{face.name.replace(' ', '')}"
    descriptor = pydyf.Dictionary(
        {
            "Type": "/FontDescriptor",
            "FontName": base,
            "Flags": 32,
            "FontBBox": pydyf.Array(round(v * scale) for v in face.bbox),
            "ItalicAngle": 0,
            "Ascent": round(face.ascent * 1000),
            "Descent": round(-face.descent * 1000),
            "CapHeight": round(face.cap_height * scale),
            "StemV": 80,
            "FontFile2": file.reference,
        }
    )
    document.add_object(descriptor)
    widths = " ".join(f"{gid} [{round(face.advances[gid] * scale)}]" for gid in sorted(gids))
    cid_font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/CIDFontType2",
            "BaseFont": base,
            "CIDSystemInfo": pydyf.Dictionary(
                {
                    "Registry": pydyf.String("Adobe"),
                    "Ordering": pydyf.String("Identity"),
                    "Supplement": 0,
                }
            ),
            "FontDescriptor": descriptor.reference,
            "W": f"[{widths}]".encode(),
            "CIDToGIDMap": "/Identity",
        }
    )
    document.add_object(cid_font)
    to_unicode = _stream(_to_unicode(chars))
    document.add_object(to_unicode)
    type0 = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": base,
            "Encoding": "/Identity-H",
            "DescendantFonts": pydyf.Array([cid_font.reference]),
            "ToUnicode": to_unicode.reference,
        }
    )
    document.add_object(type0)
    return type0.reference


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
