"""treatykg's exceptions: one base class so callers catch ours, never a library's."""

from __future__ import annotations

__all__ = [
    "KnowledgeBaseError",
    "QueryError",
    "StoreError",
    "StoreLockedError",
    "TreatyKGError",
    "ViewError",
]


class TreatyKGError(Exception):
    """Base class of every error treatykg raises on purpose."""


class StoreError(TreatyKGError):
    """The store could not be opened, read or written."""


class StoreLockedError(StoreError):
    """Another process holds the store directory in a way that excludes this one."""


class KnowledgeBaseError(TreatyKGError):
    """A knowledge-base file does not parse or breaks the KB's rules."""


class QueryError(TreatyKGError):
    """A SPARQL query is malformed, unknown, or was given bad parameters."""


class ViewError(TreatyKGError):
    """A page could not be built from what it was given (or its assets are missing)."""
