"""Reflex states, one module per page; ``session`` resolves who is calling."""
