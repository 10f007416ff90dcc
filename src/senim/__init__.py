"""Senim: law as code for Kazakhstan's AI law, its personal-data law and the EU AI Act."""

from __future__ import annotations

__version__ = "0.1.0"
