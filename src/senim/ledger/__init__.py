"""The ledger: a tamper-evident, hash-chained log of every registry change."""
