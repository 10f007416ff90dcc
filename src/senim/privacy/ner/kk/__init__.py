"""Kazakh person-name recognition (PERSON) shipped inside Senim.

``KazakhNameFinder`` implements the ``NameFinder`` protocol of :mod:`senim.privacy.types`: a
gazetteer/suffix prefilter, a small CRF trained on KazNERD (CC BY 4.0, IS2AI) and rules for
initials and Latin-script names.
"""

from senim.privacy.ner.kk.finder import KazakhNameFinder
from senim.privacy.ner.kk.lexicon import Lexicon, load_default_lexicon
from senim.privacy.ner.kk.morph import case_forms, strip_case, to_latin

__all__ = ["KazakhNameFinder", "Lexicon", "case_forms", "load_default_lexicon", "strip_case", "to_latin"]
