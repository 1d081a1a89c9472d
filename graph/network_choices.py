"""What the network layer offers by name: its networks, metrics and file formats.

Apart from `graph.network`, so that the CLI can offer them as choices without loading
networkx, and the API, the CLI and the derived graph name one list.
"""

__all__ = ["FORMATS", "GRAPHS", "METRICS"]

GRAPHS = ("actors", "treaties", "lifecycle")
# Each is written back per actor with the actor's rank by it (`tkg:<metric>Rank`, events
# as `tkg:eventCountRank`), so `top-actors` ranks by any of them.
METRICS = ("pagerank", "betweenness", "degree", "strength", "events")
FORMATS = ("graphml", "gexf")
