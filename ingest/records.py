"""The plain records that flow from ingest to graph: frozen, hashable, free of RDF."""

from __future__ import annotations

import dataclasses
import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date

__all__ = [
    "METADATA_FIELDS",
    "Article",
    "Entity",
    "Mention",
    "Metadata",
    "Span",
    "content_key",
    "keep_richer",
    "normalize_text",
]

# What a file may say about an article besides its text, in the order summaries name them.
METADATA_FIELDS = ("published", "title", "source", "url")


def normalize_text(text: str) -> str:
    """Fold the differences that do not change what an article says.

    Two copies of one story (CRLF vs LF, NFC vs NFD, trailing blanks) must hash alike so
    that re-ingesting either replaces the same named graph instead of adding a twin.

    >>> normalize_text("New START\\r\\n\\r\\nexpires.  ") == normalize_text("New START\\n\\nexpires.")
    True
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def content_key(text: str) -> str:
    """A stable 16-hex-digit key for a body of text, used to mint the article's IRI.

    >>> content_key("Moscow suspended its participation in 2023.")
    'c7a3b44a9543391c'
    """
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets into an article body, end exclusive, as Python slices count."""

    start: int
    end: int

    def text_of(self, body: str) -> str:
        return body[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from a file, before any extraction.

    `published` is None when no source of the date was found; `date_note` then says so,
    so that relative dates are left unresolved rather than guessed.
    """

    body: str
    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None
    format: str = "text"
    date_note: str | None = None
    language: str = "en"

    @property
    def key(self) -> str:
        """Content hash of the body: the same text read from anywhere is one article."""
        return content_key(self.body)

    @property
    def word_count(self) -> int:
        return len(self.body.split())

    @property
    def metadata(self) -> Metadata:
        return Metadata(self.title, self.published, self.source, self.url, self.path)


@dataclass(frozen=True, slots=True)
class Metadata:
    """An article's metadata without its text: what an earlier copy had, to compare against.

    `path` is where that copy was read from, so that a summary can name it.
    """

    title: str | None = None
    published: date | None = None
    source: str | None = None
    url: str | None = None
    path: str | None = None


def keep_richer(article: Article, earlier: Metadata) -> tuple[Article, tuple[str, ...]]:
    """The article with each metadata field it lacks taken from an earlier copy of its text.

    The same text arrives from several places (the raw file and its dated, titled twin);
    whichever comes last must not erase what the other said, or every relative date in
    the article loses its anchor. A field the new copy states wins, even when it differs:
    that is a correction, not a loss.

    Returns:
        (the article to store, the names of the fields kept from `earlier`, in
        `METADATA_FIELDS` order).

    >>> raw = Article("Talks resume.", title="Talks resume")
    >>> dated = Metadata(title="Talks", published=date(2025, 1, 24), path="a.txt")
    >>> merged, kept = keep_richer(raw, dated)
    >>> merged.title, merged.published, kept
    ('Talks resume', datetime.date(2025, 1, 24), ('published',))
    """
    kept = tuple(
        name
        for name in METADATA_FIELDS
        if getattr(article, name) is None and getattr(earlier, name) is not None
    )
    if not kept:
        return article, ()
    changes: dict[str, object] = {name: getattr(earlier, name) for name in kept}
    if "published" in kept:
        where = f" ({earlier.path})" if earlier.path else ""
        changes["date_note"] = f"date kept from an earlier copy of the same text{where}"
    return dataclasses.replace(article, **changes), kept  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Mention:
    """A surface string in an article body that names an entity.

    `how` says what found it: "label" (a KB label, alias or metonym), "pattern" (a title
    + name, an organization or acronym pattern), "surname", "role" ("the spokesman") or
    "pronoun"; later stages weigh a fact by how its actors were found.
    """

    entity_key: str
    entity_type: str
    surface: str
    span: Span
    how: str = "label"


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor, treaty or other named thing one article speaks of.

    `key` is the KB key when the entity is linked, else `new/<type>/<slug>` minted from
    the name, so that the same unknown person in two articles gets the same key and a
    curator can link both at once. `role` and `affiliation` come from the title the text
    gives ("Russian Deputy Foreign Minister" -> affiliation "state/russia").
    """

    key: str
    type: str
    name: str
    linked: bool
    role: str | None = None
    affiliation: str | None = None
