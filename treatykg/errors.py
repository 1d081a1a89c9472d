"""treatykg's exceptions: one base class so callers catch ours, never a library's."""

from __future__ import annotations

__all__ = [
    "KnowledgeBaseError",
    "QueryError",
    "StoreError",
    "StoreLockedError",
    "StoreOutcomeUnknown",
    "TreatyKGError",
    "ViewError",
]


class TreatyKGError(Exception):
    """Base class of every error treatykg raises on purpose."""


class StoreError(TreatyKGError):
    """The store could not be opened, read or written."""


class StoreOutcomeUnknown(StoreError):
    """A request's reply broke off or never came: a write may have been committed or not.

    The server may have applied an update before the connection dropped, so what was
    sent is neither known stored nor known lost; re-sending it is the way to be sure.
    """


class StoreLockedError(StoreError):
    """Another process holds the store directory in a way that excludes this one."""


class KnowledgeBaseError(TreatyKGError):
    """A knowledge-base file does not parse or breaks the KB's rules."""


class QueryError(TreatyKGError):
    """A SPARQL query is malformed, unknown, or was given bad parameters."""


class ViewError(TreatyKGError):
    """A page could not be built from what it was given (or its assets are missing)."""
