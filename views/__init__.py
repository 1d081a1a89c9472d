"""The HTML pages, rendered from query results through one Jinja2 environment (autoescaped)."""

from treatykg.views.pages import error_page, named_queries_page, result_page
from treatykg.views.timeline import TimelineView

__all__ = ["TimelineView", "error_page", "named_queries_page", "result_page"]
