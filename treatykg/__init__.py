"""treatykg: a knowledge graph of arms-control treaties built from the news.

The public API that notebooks and the CLI share::

    import treatykg
    kg = treatykg.open(":memory:")
    kg.ingest(["articles/"])
    kg.timeline("New START")
    for name, found in treatykg.extract(["articles/"]):  # no store: what ingest would read
        print(name, [e.type for e in found.events])
"""

__version__ = "0.1.0"

from treatykg.api import TreatyKG, evaluate, extract, extract_shards, open, sample, serve
from treatykg.errors import (
    KnowledgeBaseError,
    QueryError,
    StoreError,
    StoreLockedError,
    StoreOutcomeUnknown,
    TreatyKGError,
)

__all__ = [
    "KnowledgeBaseError",
    "QueryError",
    "StoreError",
    "StoreLockedError",
    "StoreOutcomeUnknown",
    "TreatyKG",
    "TreatyKGError",
    "__version__",
    "evaluate",
    "extract",
    "extract_shards",
    "open",
    "sample",
    "serve",
]
