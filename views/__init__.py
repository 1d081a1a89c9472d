"""The HTML pages, rendered from query results through one Jinja2 environment (autoescaped)."""

from treatykg.views.pages import error_page, named_queries_page, result_page
from treatykg.views.timeline import timeline_html, write_timeline

__all__ = ["error_page", "named_queries_page", "result_page", "timeline_html", "write_timeline"]
