"""The bundled sample corpus: short articles we wrote about real public events, in every input format."""

from pathlib import Path

ARTICLES = Path(__file__).with_name("articles")

__all__ = ["ARTICLES"]
