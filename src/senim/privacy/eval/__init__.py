"""Evaluation of the personal-data scanner: synthetic gold data, public corpora and metrics.

- :mod:`~senim.privacy.eval.generator`: seeded kk/ru/en texts and tables with gold spans and decoys;
- :mod:`~senim.privacy.eval.corpora`: loaders for KazNERD, factRuEval-2016 and presidio-research;
- :mod:`~senim.privacy.eval.metrics`: precision/recall/F1 per entity and language, three match modes;
- :mod:`~senim.privacy.eval.runner`: runs a scanner (and optionally Presidio) over corpora.
"""

from __future__ import annotations

from senim.privacy.eval.gold import Corpus, GoldDoc, GoldSpan

__all__ = ["Corpus", "GoldDoc", "GoldSpan"]
