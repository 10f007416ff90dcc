"""Micro-benchmark of the structured PII engine (``senim.privacy.engine.StructuredEngine``).

Generates mixed Kazakh/Russian/English text (seeded) in which about a quarter of the lines carry
one or two identifiers (IINs, BINs, phones, e-mail, IBAN, cards, passports, birth dates, IPs)
and the rest hold ordinary numbers (prices, times, order numbers), then scans it in batches the
way the scanner does and prints MB/s (input UTF-8 bytes per second, one process) of CPU time
(``time.process_time``: the figure to compare on a shared machine) and of wall time.

Usage::

    .venv/bin/python benchmarks/pii_engine.py [--mb 50] [--batch 4096] [--seed 7] [--re-mb 2]
                                               [--repeat 3] [--profile]
                                               [--corpus generated|prose] [--pii-share 0.25]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from senim.privacy.detectors.kz.iin_bin import check_digit
from senim.privacy.engine import StructuredEngine


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WORDS: dict[str, tuple[str, ...]] = {
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
        "the request was accepted please provide the documents within three working days the "
        "delivery address is shown in the personal account payment was successful"
    ),
}
MOBILE = ("700", "701", "702", "705", "707", "747", "771", "775", "777", "778")


def _iin(rng: random.Random) -> str:
    while True:
        body = f"{rng.randint(50, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        body += str(rng.choice((3, 4, 5, 6))) + f"{rng.randint(0, 9999):04d}"
        k = check_digit(body)
        if k is not None:
            return body + str(k)


def _bin(rng: random.Random) -> str:
    while True:
        body = f"{rng.randint(0, 24):02d}{rng.randint(1, 12):02d}4{rng.randint(0, 3)}"
        body += f"{rng.randint(0, 99999):05d}"
        k = check_digit(body)
        if k is not None:
            return body + str(k)


def _luhn_complete(prefix: str, length: int, rng: random.Random) -> str:
    digits = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    for last in "0123456789":
        cand = digits + last
        total = 0
        for i, ch in enumerate(reversed(cand)):
            d = int(ch)
            total += (d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 else d
        if total % 10 == 0:
            return cand
    raise AssertionError


def _iban(rng: random.Random) -> str:
    bank = rng.choice(("125", "601", "722", "856"))
    bban = bank + "".join(rng.choice("0123456789KZT") for _ in range(13))
    rearranged = "".join(str(int(c, 36)) for c in bban + "KZ00")
    check = 98 - int(rearranged) % 97
    return f"KZ{check:02d}{bban}"


def _identifier(rng: random.Random, lang: str) -> str:
    kind = rng.randrange(9)
    if kind == 0:
        return f"{('ИИН', 'ЖСН', 'IIN')[('ru', 'kk', 'en').index(lang)]} {_iin(rng)}"
    if kind == 1:
        return f"{('БИН', 'БСН', 'BIN')[('ru', 'kk', 'en').index(lang)]}: {_bin(rng)}"
    if kind == 2:
        code, n = rng.choice(MOBILE), rng.randint(0, 9_999_999)
        fmt = rng.choice(("+7 {c} {a} {b} {d}", "8{c}{a}{b}{d}", "8 ({c}) {a}-{b}-{d}"))
        return "тел. " + fmt.format(
            c=code, a=f"{n // 10000:03d}", b=f"{n // 100 % 100:02d}", d=f"{n % 100:02d}"
        )
    if kind == 3:
        name = rng.choice(("aigerim", "ivan.petrov", "john_smith", "nursultan88"))
        return f"email {name}@{rng.choice(('mail.ru', 'gmail.com', 'example.kz', 'yandex.kz'))}"
    if kind == 4:
        return f"IBAN {_iban(rng)}"
    if kind == 5:
        card = _luhn_complete(rng.choice(("4", "51", "55", "2200")), 16, rng)
        return "карта " + " ".join(card[i : i + 4] for i in range(0, 16, 4))
    if kind == 6:
        return f"паспорт N{rng.randint(0, 99_999_999):08d}"
    if kind == 7:
        return f"дата рождения {rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.randint(1950, 2005)}"
    return f"IP {rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def _noise(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return f"{rng.randint(100, 99999)} тг"
    if kind == 1:
        return f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    if kind == 2:
        return f"№{rng.randint(1000, 9_999_999)}"
    return f"{rng.randint(1, 28)}.{rng.randint(1, 12):02d}.20{rng.randint(10, 25)}"


BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench"


def _prose() -> dict[str, list[list[str]]]:
    """Sentences of the public corpora as word lists: KazNERD (kk) and factRuEval-2016 (ru)."""
    kk: list[list[str]] = []
    words: list[str] = []
    for line in (BENCH / "kaznerd" / "IOB2_valid.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            words.append(line.split()[0])
        elif words:
            kk.append(words)
            words = []
    ru = [
        line.split()
        for path in sorted((BENCH / "factrueval-2016").rglob("*.txt"))
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if len(line.split()) > 3
    ]
    if not kk or not ru:
        raise SystemExit(f"--corpus prose needs the public corpora under {BENCH}")
    return {"kk": kk, "ru": ru}


def generate(megabytes: float, seed: int, *, corpus: str = "generated", pii_share: float = 0.25) -> list[str]:
    """Lines of mixed text, about ``megabytes`` MB of UTF-8 in total.

    ``corpus="generated"``: bags of kk/ru/en office words with prices, times and order numbers in
    30% of the lines; ``"prose"``: real Kazakh and Russian sentences (KazNERD, factRuEval-2016) as
    they are. In both, ``pii_share`` of the lines get one or two identifiers.
    """
    rng = random.Random(seed)
    sentences = _prose() if corpus == "prose" else None
    target = int(megabytes * 1_000_000)
    lines: list[str] = []
    size = 0
    while size < target:
        if sentences is not None:
            lang = rng.choice(("ru", "kk"))
            words = list(rng.choice(sentences[lang]))
        else:
            lang = rng.choice(("ru", "ru", "kk", "en"))
            words = rng.choices(WORDS[lang], k=rng.randint(8, 20))
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words)), _noise(rng))
        if rng.random() < pii_share:
            for _ in range(rng.choice((1, 1, 2))):
                words.insert(rng.randrange(len(words) + 1), _identifier(rng, lang))
        line = " ".join(words)
        lines.append(line)
        size += len(line.encode("utf-8")) + 1
    return lines


def run(engine: StructuredEngine, lines: list[str], batch: int) -> tuple[float, float, int]:
    """CPU and wall seconds to scan ``lines`` in batches, and the number of spans found."""
    found = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(0, len(lines), batch):
        for spans in engine.scan(lines[i : i + batch]):
            found += len(spans)
    cpu = time.process_time() - c0
    wall = time.perf_counter() - t0
    print(f"  cpu {cpu:.2f} s, wall {wall:.2f} s")
    return cpu, wall, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mb", type=float, default=50.0, help="size of the generated text (MB)")
    parser.add_argument("--batch", type=int, default=4096, help="values per scan() call")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--corpus", choices=("generated", "prose"), default="generated",
        help="office-word lines with numbers, or real kk/ru sentences from ../shared/bench",
    )
    parser.add_argument("--pii-share", type=float, default=0.25, help="share of lines given identifiers")
    parser.add_argument("--re-mb", type=float, default=2.0, help="MB for the pure-Python fallback (0: skip)")
    parser.add_argument("--profile", action="store_true", help="cProfile the hyperscan run")
    parser.add_argument("--repeat", type=int, default=3, help="hyperscan runs; the fastest (CPU) counts")
    args = parser.parse_args()

    t0 = time.perf_counter()
    lines = generate(args.mb, args.seed, corpus=args.corpus, pii_share=args.pii_share)
    nbytes = sum(len(s.encode("utf-8")) + 1 for s in lines)
    print(f"generated {len(lines):,} lines, {nbytes / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s")

    engine = StructuredEngine(backend="hyperscan")
    engine.scan(lines[:1000])  # warm-up: compile, caches
    if args.profile:
        import cProfile
        import pstats

        with cProfile.Profile() as prof:
            run(engine, lines, args.batch)
        pstats.Stats(prof).sort_stats("tottime").print_stats(15)
    cpu, seconds, found = min(run(engine, lines, args.batch) for _ in range(max(args.repeat, 1)))
    print(
        f"hyperscan: {nbytes / 1e6 / cpu:.1f} MB/s cpu, {nbytes / 1e6 / seconds:.1f} MB/s wall "
        f"({cpu:.2f} s cpu, {found:,} spans)"
    )

    if args.re_mb > 0:
        sample = generate(args.re_mb, args.seed, corpus=args.corpus, pii_share=args.pii_share)
        sbytes = sum(len(s.encode("utf-8")) + 1 for s in sample)
        fallback = StructuredEngine(backend="re")
        cpu, seconds, found = run(fallback, sample, args.batch)
        print(f"re fallback: {sbytes / 1e6 / cpu:.1f} MB/s cpu ({cpu:.2f} s, {found:,} spans)")


if __name__ == "__main__":
    main()
