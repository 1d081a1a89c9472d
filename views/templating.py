"""The one Jinja2 environment every page renders through, so text is escaped once, in one place.

Autoescaping is on for every template, whatever its name: a label from a user's KB or a
title from an article is data and reaches a page only through `{{ }}`, which escapes it
for HTML, or through `|tojson`, which escapes `<`, `>`, `&` and `'` inside a script.
Missing variables are errors, so a template cannot silently print nothing.
"""

from __future__ import annotations

from functools import cache

import jinja2

__all__ = ["render"]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("treatykg.views", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, /, **context: object) -> str:
    """The named template in views/templates, filled with `context` (every value escaped).

    >>> render("error.html", message="<b>no</b>").count("&lt;b&gt;no&lt;/b&gt;")
    1
    """
    return _environment().get_template(template).render(context)
