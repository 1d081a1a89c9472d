"""Reading and extraction: article files in, plain Python records out (no RDF here)."""

from treatykg.ingest.lexicon import Lexicon, LexiconEntry, find_mentions
from treatykg.ingest.readers import ReadError, iter_path, read_path, read_stream
from treatykg.ingest.records import Article, Mention, Metadata, Span

__all__ = [
    "Article",
    "Lexicon",
    "LexiconEntry",
    "Mention",
    "Metadata",
    "ReadError",
    "Span",
    "find_mentions",
    "iter_path",
    "read_path",
    "read_stream",
]
