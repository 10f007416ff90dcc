"""Reliability tests of a live `senim serve` (issue 9): crash consistency under SIGKILL, load and soak.

The campaigns live in ``_crash.py`` and ``_soak.py`` so that the CI tests here and the long runs in
``benchmarks/crash.py`` and ``benchmarks/soak.py`` execute exactly the same code.
"""
