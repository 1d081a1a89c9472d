"""Named SPARQL queries (the .rq files beside this module) and the runner that binds their parameters."""

from treatykg.queries.runner import NamedQuery, available, load, run

__all__ = ["NamedQuery", "available", "load", "run"]
