"""Throughput of the scanner's readers and redacting writers (``senim.privacy.readers``).

Generates seeded mixed Kazakh/Russian/English data in a temporary folder (plain text, CSV, JSON
Lines and Parquet; about a quarter of the records carry an identifier), then, for every format,
measures in a fresh child process (so peak RSS is per measurement):

- ``read``: ``for batch in iter_batches(path)`` (values materialised as Python strings);
- ``read+write``: ``rewrite(path, out, identity)`` (read, re-serialise, write atomically).

MB/s = input bytes / wall second (best of ``--repeat``), one process; ``(cpu)`` divides by the
process's CPU seconds instead, which is steadier on a shared machine. Parquet also reports rows/s.
Read+write includes the ``fsync`` of the atomic output. To measure another checkout, put its
``src`` first on ``PYTHONPATH`` (the child processes inherit it).

Usage::

    .venv/bin/python benchmarks/pii_readers.py [--lines 200000] [--parquet-rows 1000000]
                                               [--seed 7] [--repeat 2] [--formats txt,csv,jsonl,parquet]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WORDS = {
    "ru": _words(
        "клиент обратился в отделение банка для оформления кредита договор подписан сотрудником "
        "заявка принята к рассмотрению просим предоставить документы в течение трех рабочих дней "
        "адрес доставки указан в личном кабинете оплата произведена успешно спасибо за обращение"
    ),
    "kk": _words(
        "клиент банк бөлімшесіне несие рәсімдеу үшін жүгінді шарт қызметкермен қол қойылды өтінім "
        "қаралуға қабылданды құжаттарды үш жұмыс күні ішінде ұсынуыңызды сұраймыз жеткізу мекенжайы "
        "жеке кабинетте көрсетілген төлем сәтті өтті өтінішіңізге рахмет"
    ),
    "en": _words(
        "the customer visited the branch to apply for a loan the contract was signed by an employee "
        "the request was accepted for review please provide the documents within three working days"
    ),
}
NAMES = ["Айгерим Сапарова", "Ержан Нұрланұлы", "Иван Петров", "Asel Karimova", "Dana Ospanova"]
CITIES = ["Алматы", "Астана", "Шымкент", "Караганда", "Almaty"]


def _iin(rnd: random.Random) -> str:
    from senim.privacy.detectors.kz.iin_bin import check_digit

    while True:
        body = (
            f"{rnd.randrange(40, 100):02d}{rnd.randrange(1, 13):02d}{rnd.randrange(1, 29):02d}"
            f"{rnd.choice('34')}{rnd.randrange(10000):04d}"
        )
        k = check_digit(body)
        if k is not None:
            return body + str(k)


def _sentence(rnd: random.Random) -> str:
    lang = rnd.choice(("ru", "ru", "kk", "en"))
    words = rnd.choices(WORDS[lang], k=rnd.randrange(6, 16))
    if rnd.random() < 0.25:
        pii = rnd.choice(
            (
                f"ИИН {_iin(rnd)}",
                f"тел. +7 70{rnd.randrange(10)} {rnd.randrange(1000):03d} {rnd.randrange(100):02d} "
                f"{rnd.randrange(100):02d}",
                f"email a{rnd.randrange(10**6)}@mail.kz",
            )
        )
        words.insert(rnd.randrange(len(words) + 1), pii)
    return " ".join(words)


def generate(folder: Path, n_lines: int, parquet_rows: int, seed: int, formats: set[str]) -> dict[str, Path]:
    """Write the data sets; returns format -> path."""
    rnd = random.Random(seed)
    records = [
        {
            "id": i,
            "name": rnd.choice(NAMES),
            "iin": _iin(rnd),
            "city": rnd.choice(CITIES),
            "comment": _sentence(rnd),
        }
        for i in range(n_lines)
    ]
    paths: dict[str, Path] = {}
    if "txt" in formats:
        p = folder / "data.txt"
        p.write_text("".join(r["comment"] + "\n" for r in records), encoding="utf-8")  # type: ignore[operator]
        paths["txt"] = p
    if "csv" in formats:
        import csv

        p = folder / "data.csv"
        with p.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(list(records[0]))
            w.writerows([list(r.values()) for r in records])
        paths["csv"] = p
    if "jsonl" in formats:
        p = folder / "data.jsonl"
        with p.open("w", encoding="utf-8") as f:
            for r in records:
                rec = dict(r)
                if r["id"] % 4 == 0:  # type: ignore[operator]
                    rec["contact"] = {"phones": [f"+7701{rnd.randrange(10**7):07d}"], "vip": True}
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
        paths["jsonl"] = p
    if "parquet" in formats:
        import pyarrow as pa
        import pyarrow.parquet as pq

        reps = -(-parquet_rows // n_lines)
        cols = {k: [r[k] for r in records] for k in records[0]}
        table = pa.table(
            {
                "id": pa.array(range(parquet_rows), pa.int64()),
                "name": pa.array((cols["name"] * reps)[:parquet_rows], pa.string()),
                "iin": pa.array((cols["iin"] * reps)[:parquet_rows], pa.string()),
                "city": pa.array((cols["city"] * reps)[:parquet_rows], pa.string()).dictionary_encode(),
                "comment": pa.array((cols["comment"] * reps)[:parquet_rows], pa.string()),
            }
        )
        p = folder / "data.parquet"
        pq.write_table(table, p, row_group_size=128 * 1024)
        paths["parquet"] = p
    return paths


def _peak_rss_mb() -> float:
    """Peak RSS of this process (``VmHWM``: unlike ``ru_maxrss`` it is not inherited from the parent)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(mode: str, path: str, out: str, repeat: int) -> None:
    from senim.privacy.readers import iter_batches, rewrite
    from senim.privacy.types import Batch

    best = cpu = float("inf")
    rows = 0
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        if mode == "read":
            rows = 0
            for batch in iter_batches(path):
                rows += batch.n_records
        else:

            def identity(b: Batch) -> Batch:
                return b

            rewrite(path, out, identity)
        best = min(best, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
    rss = _peak_rss_mb()
    print(json.dumps({"seconds": best, "cpu": cpu, "rows": rows, "rss_mb": rss}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=200_000)
    ap.add_argument("--parquet-rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--formats", default="txt,csv,jsonl,parquet")
    ap.add_argument("--child", nargs=3, metavar=("MODE", "PATH", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child[0], args.child[1], args.child[2], args.repeat)
        return
    formats = set(args.formats.split(","))
    with tempfile.TemporaryDirectory(prefix="pii_readers_") as tmp:
        folder = Path(tmp)
        paths = generate(folder, args.lines, args.parquet_rows, args.seed, formats)
        print(
            f"{'format':8} {'MB':>6} {'read MB/s':>10} {'(cpu)':>6} {'rss MB':>7} "
            f"{'r+w MB/s':>9} {'(cpu)':>6} {'rss MB':>7}  notes"
        )
        for fmt, path in paths.items():
            size = path.stat().st_size / 1e6
            res = {}
            for mode in ("read", "write"):
                out = folder / f"out_{path.name}"
                cmd = [
                    sys.executable,
                    __file__,
                    "--repeat",
                    str(args.repeat),
                    "--child",
                    mode,
                    str(path),
                    str(out),
                ]
                proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
                res[mode] = json.loads(proc.stdout.strip().splitlines()[-1])
                out.unlink(missing_ok=True)
            note = ""
            if fmt == "parquet":
                note = f"{res['read']['rows'] / res['read']['seconds']:,.0f} rows/s read"
            r, w = res["read"], res["write"]
            print(
                f"{fmt:8} {size:6.1f} {size / r['seconds']:10.1f} {size / r['cpu']:6.1f} {r['rss_mb']:7.0f} "
                f"{size / w['seconds']:9.1f} {size / w['cpu']:6.1f} {w['rss_mb']:7.0f}  {note}"
            )


if __name__ == "__main__":
    main()
