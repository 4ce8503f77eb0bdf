"""Reference code tables shared by every stage: CAMEO event codes and their properties.

The tables are data files shipped with the package and read lazily on first use, so the
coder never depends on the material they were built from.
"""

from __future__ import annotations

from .cameo import CameoCode, UnknownCode, all_codes, get, lookup, roots

__all__ = ["CameoCode", "UnknownCode", "all_codes", "get", "lookup", "roots"]
