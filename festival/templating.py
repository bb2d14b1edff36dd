"""The one Jinja2 environment (templates/, gettext, date and money filters), without HTTP.

web.py adds the request-bound globals (url_for, csrf_token, ...) to this same environment;
services that render text without a request (mail) use it directly.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from festival import i18n

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIR = ROOT / "templates"


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        # HTML is escaped; plain-text templates (mail/*.txt) are not, or "&" would read "&amp;".
        autoescape=jinja2.select_autoescape(
            disabled_extensions=("txt",), default=True, default_for_string=True
        ),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
    )
    env.globals.update(current_language=i18n.get_language, localised=i18n.localised_field)
    env.filters.update(
        datetime=i18n.fmt_datetime,
        date=i18n.fmt_date,
        time=i18n.fmt_time,
        money=i18n.fmt_money,
        or_list=i18n.fmt_or_list,
        lang_attr=lang_attr,
    )
    return env


def lang_attr(text: object) -> Markup:
    """` lang="nl"` for a content text shown in another language than the page's (a Dutch text
    standing in for a missing English one); nothing otherwise. Put it on the element:
    `<p{{ text|lang_attr }}>{{ text }}</p>`."""
    lang = i18n.text_lang(text)
    return Markup(' lang="%s"') % lang if lang else Markup("")


environment = make_environment()
