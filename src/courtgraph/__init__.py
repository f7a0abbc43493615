"""courtgraph."""
