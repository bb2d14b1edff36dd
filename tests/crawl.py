"""Walk the app like a user: every route of create_app(), the links and forms of each page
(parsed with lxml), and what each downloadable file must look like to open. Used by the
export test and the hostile-form sweep, so routes and forms that areas add later are covered."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import icalendar
from lxml import etree, html
from openpyxl import load_workbook
from starlette.routing import BaseRoute, Mount, Route, compile_path

# A path ending in one of these is a file to download, not a page to read.
FILE_EXTENSIONS = ("csv", "xlsx", "pdf", "ics", "xml", "json")
FILE_PATH = re.compile(r"\.(" + "|".join(FILE_EXTENSIONS) + r")$")


@dataclass(frozen=True)
class AppRoute:
    path: str
    methods: frozenset[str]
    endpoint: Any
    regex: re.Pattern[str]

    @property
    def roles(self) -> tuple[str, ...] | None:
        """The roles that may open it; () logged in; None public."""
        roles = getattr(self.endpoint, "required_roles", None)
        return None if roles is None else tuple(str(r) for r in roles)


def app_routes(app: Any) -> list[AppRoute]:
    """Every HTTP route of the app, with its full path (mounts resolved)."""

    def walk(routes: list[BaseRoute], prefix: str) -> Iterator[AppRoute]:
        for route in routes:
            if isinstance(route, Mount):
                yield from walk(list(route.routes), prefix + route.path)
            elif isinstance(route, Route):
                regex, _format, _convertors = compile_path(prefix + route.path)
                methods = frozenset(route.methods or {"GET"})
                yield AppRoute(prefix + route.path, methods, route.endpoint, regex)

    return list(walk(list(app.routes), ""))


def route_of(routes: list[AppRoute], path: str, method: str = "GET") -> AppRoute | None:
    for route in routes:
        if method in route.methods and route.regex.match(path):
            return route
    return None


def same_site_path(href: str, page_url: str) -> str | None:
    """The path (with query) of a link on this site, or None for other sites and anchors."""
    absolute = urljoin(page_url, href)
    parts = urlsplit(absolute)
    if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def page_links(text: str, page_url: str) -> list[str]:
    if not text.strip():
        return []
    tree = html.fromstring(text)
    found = (same_site_path(a.get("href", ""), page_url) for a in tree.iter("a"))
    return [f for f in found if f]


# ---------------------------------------------------------------- forms

TYPED = {
    "text",
    "textarea",
    "email",
    "number",
    "search",
    "url",
    "tel",
    "password",
    "date",
    "datetime-local",
    "time",
    "month",
    "week",
}


@dataclass
class Field:
    name: str
    tag: str  # input, textarea, select
    type: str  # text, email, number, hidden, checkbox, radio, file, select, textarea, ...
    value: str
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Form:
    page: str  # where it was found
    action: str
    method: str
    multipart: bool
    fields: list[Field]
    button: tuple[str, str] | None = None  # sent when every submit button has a name

    def fillable(self) -> list[Field]:
        """The fields a person types into."""
        return [f for f in self.fields if f.type in TYPED]

    def signature(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.method, self.action, tuple(sorted({f.name for f in self.fields})))


def page_forms(text: str, page_url: str) -> list[Form]:
    """Every <form> of the page with its named fields (also those tied by form="id")."""
    if not text.strip():
        return []
    tree = html.fromstring(text)
    forms = []
    for element in tree.iter("form"):
        action = same_site_path(element.get("action") or page_url, page_url)
        if action is None:
            continue
        controls = list(element.iter("input", "textarea", "select"))
        if element.get("id"):
            controls += tree.xpath("//*[@form=$id]", id=element.get("id"))
        fields = [_field(c) for c in controls if c.get("name") and c.get("disabled") is None]
        buttons = [
            b
            for b in element.iter("button", "input")
            if (b.get("type") or ("submit" if b.tag == "button" else "")) == "submit"
        ]
        named = all(b.get("name") for b in buttons) and buttons
        forms.append(
            Form(
                page=page_url,
                action=action,
                method=(element.get("method") or "get").upper(),
                multipart=(element.get("enctype") or "") == "multipart/form-data",
                fields=[f for f in fields if f.type not in ("submit", "button", "reset", "image")],
                button=(buttons[0].get("name"), buttons[0].get("value", "")) if named else None,
            )
        )
    return forms


def _field(element: Any) -> Field:
    name = element.get("name")
    if element.tag == "select":
        options = [o.get("value", o.text_content()) for o in element.iter("option")]
        selected = [
            o.get("value", o.text_content())
            for o in element.iter("option")
            if o.get("selected") is not None
        ]
        value = selected[0] if selected else (options[0] if options else "")
        return Field(name, "select", "select", value, options)
    if element.tag == "textarea":
        return Field(name, "textarea", "textarea", element.text or "")
    kind = (element.get("type") or "text").lower()
    return Field(
        name,
        "input",
        kind,
        element.get("value", "on" if kind in ("checkbox", "radio") else ""),
        checked=element.get("checked") is not None,
    )


# ---------------------------------------------------------------- crawling


@dataclass
class Crawl:
    """What a walk through the pages found: pages read, files linked, forms seen."""

    pages: dict[str, int] = field(default_factory=dict)  # path -> status
    files: set[str] = field(default_factory=set)
    forms: list[Form] = field(default_factory=list)
    per_route: Counter[str] = field(default_factory=Counter)


async def crawl(
    client: httpx.AsyncClient,
    routes: list[AppRoute],
    seeds: list[str],
    *,
    keep: Any,
    per_route: int = 3,
    found: Crawl | None = None,
    check: Callable[[str, httpx.Response], None] | None = None,
) -> Crawl:
    """Breadth-first through same-site links that `keep(path)` accepts, reading at most
    `per_route` pages per route (each response also goes to `check`); links to files are
    collected, not read."""
    found = found or Crawl()
    queue = list(seeds)
    while queue:
        path = queue.pop(0)
        if path in found.pages:
            continue
        route = route_of(routes, urlsplit(path).path)
        if route is None or found.per_route[route.path] >= per_route:
            continue
        found.per_route[route.path] += 1
        response = await client.get(path)
        found.pages[path] = response.status_code
        if check is not None:
            check(path, response)
        if response.status_code >= 400 or "text/html" not in response.headers.get(
            "content-type", ""
        ):
            continue
        url = f"http://testserver{path}"
        found.forms += page_forms(response.text, url)
        for link in page_links(response.text, url):
            if "lang=" in link or not keep(link):
                continue
            if FILE_PATH.search(urlsplit(link).path):
                found.files.add(link)
            elif link not in found.pages:
                queue.append(link)
    return found


# ---------------------------------------------------------------- files


def pdf_text(content: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=content,
        capture_output=True,
        timeout=60,
        check=True,
    )
    return done.stdout.decode("utf-8", "replace")


def open_file(path: str, response: httpx.Response) -> Any:
    """Open a downloaded file as the program that reads it would; fails when it cannot.
    Returns what it read: rows (csv, xlsx), text (pdf), the calendar, the XML root or JSON."""
    assert response.status_code == 200, f"{path}: {response.status_code}"
    extension = FILE_PATH.search(urlsplit(path).path)
    assert extension is not None, path
    content = response.content
    kind = extension.group(1)
    if kind == "csv":
        assert content.startswith(b"\xef\xbb\xbf"), f"{path}: no UTF-8 byte order mark"
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
        assert rows and all(len(row) == len(rows[0]) for row in rows), path
        return rows
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(content)).active
        assert sheet is not None
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    if kind == "pdf":
        assert content.startswith(b"%PDF"), f"{path}: not a PDF"
        return pdf_text(content)
    if kind == "ics":
        return icalendar.Calendar.from_ical(content)
    if kind == "xml":
        return etree.fromstring(content)
    return json.loads(content)
