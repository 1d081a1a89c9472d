"""The RDF layer: vocabulary, IRIs, records to triples, the store, the KB, and the
SPARQL engine and the guard in front of it."""

from treatykg.graph.store import QueryResult, TreatyStore, open_store

__all__ = ["QueryResult", "TreatyStore", "open_store"]
