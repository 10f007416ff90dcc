"""Regenerate the committed seed corpora (``fuzz/corpus/<target>/``) and fixed inputs (``fuzz/data/``).

Run once after changing a target's input layout: ``python fuzz/seeds.py``. Seeds come from the
examples, the test fixtures and real outputs of Senim (labelled media made with a TEST ONLY CA,
whose files are written to ``fuzz/data/`` and into the ``signer`` seeds: they sign nothing real).
Existing seed files are replaced; regression inputs (``fuzz/regressions/``) are never touched.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import math
import shutil
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz._common import ROOT, SEPARATOR

CORPUS = ROOT / "fuzz" / "corpus"
DATA = ROOT / "fuzz" / "data"


def _put(target: str, data: bytes) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"seed-{hashlib.sha1(data).hexdigest()[:16]}").write_bytes(data)


def _gradient(width: int, height: int) -> np.ndarray:
    y, x = np.mgrid[0:height, 0:width]
    rgb = np.stack(
        [x * 255 // (width - 1), y * 255 // (height - 1), (x + y) * 255 // (width + height - 2)], -1
    )
    return rgb.astype(np.uint8)


def _image(fmt: str, width: int = 48, height: int = 32, **kwargs: object) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(_gradient(width, height)).save(buf, fmt, **kwargs)
    return buf.getvalue()


def _wav(seconds: float, rate: int = 8000) -> bytes:
    t = np.arange(int(rate * seconds)) / rate
    samples = (0.3 * 32767 * np.sin(2 * math.pi * 440 * t)).astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.tobytes())
    return buf.getvalue()


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(200, 100))
    pdf.drawString(10, 50, "Senim fuzz seed.")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _conditions(pack: dict[str, object]) -> list[tuple[bool, str]]:
    out: list[tuple[bool, str]] = []
    if isinstance(pack.get("scope"), str):
        out.append((True, str(pack["scope"])))
    for fact in pack.get("facts") or []:  # type: ignore[attr-defined]
        if isinstance(fact, dict) and isinstance(fact.get("expr"), str):
            out.append((False, fact["expr"]))
    for rule in pack.get("rules") or []:  # type: ignore[attr-defined]
        for key in ("when", "met_if"):
            if isinstance(rule, dict) and isinstance(rule.get(key), str):
                out.append((True, rule[key]))
        for exc in (rule.get("exceptions") or []) if isinstance(rule, dict) else []:
            if isinstance(exc, dict) and isinstance(exc.get("when"), str):
                out.append((True, exc["when"]))
    return out


def main() -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    import yaml

    from senim.provenance.label import LabelOptions, label_bytes
    from senim.provenance.signer import init_test_ca, load_signer
    from senim.provenance.textmark import mark_text
    from senim.provenance.verify import verify_bytes

    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    DATA.mkdir(parents=True, exist_ok=True)

    # profile_yaml
    for path in sorted((ROOT / "examples" / "profiles").glob("*.yaml")):
        _put("profile_yaml", path.read_bytes())
    _put(
        "profile_yaml",
        b'{"schema": "senim/system-profile/v1", "id": "json-profile", "roles": {"kz": ["owner"]}}',
    )
    _put("profile_yaml", b"schema: senim/system-profile/v1\nid: a\nbase: &b {x: 1}\nother: *b\n")

    # pack_yaml
    demo = (DATA / "demo-pack.yaml").read_bytes()
    _put("pack_yaml", demo)
    _put("pack_yaml", (ROOT / "src/senim/law/packs/kz-ai-law/2025-09-24.yaml").read_bytes())
    _put(
        "pack_yaml",
        b'schema: senim/rule-pack/v1\nid: demo\nversion: "2026-06-01"\nstatus: in_force\n'
        b'extends: "2026-01-01"\nremove: [DEMO-FUTURE]\nvalid_from: 2026-06-01\nrules:\n'
        b'  - id: DEMO-NEW\n    article: "7"\n    effect: obligation\n'
        b'    title: {kk: "A", ru: "B", en: "C"}\n'
        b"    when: \"count(roles.kz) > 0 and $risk_level in ['high', 'medium']\"\n    actor: [owner]\n"
        b"    source_url: https://example.org/demo\n    verification: C\n",
    )

    # conditions
    seen: set[tuple[bool, str]] = set()
    for path in [*sorted((ROOT / "src/senim/law/packs").glob("*/*.yaml")), DATA / "demo-pack.yaml"]:
        for want_bool, text in _conditions(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if (want_bool, text) not in seen:
                seen.add((want_bool, text))
                _put("conditions", bytes([0 if want_bool else 1]) + text.encode())
    for text in (
        "$flag and not ($count >= 2) or $since < date('2026-02-01')",
        "any_of($tags, ['a', 'z']) and all_of(roles.kz, ['owner']) and answered(organization.bin)",
        "fired('R-1') or any_fired('prohibit') and $risk_level != null and $ratio <= 1.5e3",
    ):
        _put("conditions", b"\x00" + text.encode())
        _put("conditions", b"\x02" + text.encode())

    # scan_readers / scan_text
    clients = (ROOT / "examples/data/clients.csv").read_bytes()
    notes = (ROOT / "examples/data/notes.txt").read_bytes()
    rows = list(__import__("csv").DictReader(io.StringIO(clients.decode("utf-8"))))
    jsonl = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode()
    doc = json.dumps(
        {"clients": rows[:3], "meta": {"n": 3, "ok": True}}, ensure_ascii=False, indent=1
    ).encode()
    parquet = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows[:5]), parquet)
    # names: 0 txt, 1 csv, 2 tsv, 3 json, 4 jsonl, 5 parquet, 6/7/8 csv.gz/jsonl.gz/json.gz packed
    for index, content in (
        (0, notes), (1, clients), (2, clients.replace(b",", b"\t")), (3, doc), (4, jsonl),
        (5, parquet.getvalue()), (6, clients), (7, jsonl), (8, doc),
        (1, "\ufeff".encode() + clients), (1, clients.decode().encode("cp1251", "replace")),
        (0, notes.decode().encode("utf-16")), (1, clients.replace(b",", b";").replace(b"\n", b"\r\n")),
    ):  # fmt: skip
        for flags in (0, 1, 3):
            _put("scan_readers", bytes([index, flags]) + content)
    _put("scan_readers", bytes([9, 0]) + gzip.compress(notes, mtime=0))
    for lang in range(4):
        _put("scan_text", bytes([4 | lang]) + notes)
    _put("scan_text", b"\x04" + clients)

    # signer, trust anchors and a marked text
    with tempfile.TemporaryDirectory() as tmp:
        ca = init_test_ca(Path(tmp) / "signer")
        files = {p.name: p.read_bytes() for p in ca.iterdir()}
        signer = load_signer(ca)
    (DATA / "test-ca.pem").write_bytes(files["ca.pem"])
    marked = mark_text(
        "Бұл мәтінді жасанды интеллект жасады.\n",
        signer,
        label_id=7,
        source_type="trainedAlgorithmicMedia",
        generator="fuzz",
    )
    (DATA / "marked.txt").write_text(marked, encoding="utf-8")
    parts = [
        files["chain.pem"],
        files["key.pem"],
        files["signer.json"],
        files["text-chain.pem"],
        files["text-key.pem"],
    ]
    for flags in (0, 1, 3, 7, 8, 9, 15):
        _put("signer", bytes([flags]) + SEPARATOR.join(parts))
    _put("signer", bytes([9]) + SEPARATOR.join([files["ca.pem"], files["key.pem"], b'{"alg": "ps256"}']))

    # media: plain and labelled
    plain = {
        "in.png": _image("PNG"), "in.jpg": _image("JPEG", quality=80), "in.webp": _image("WEBP", quality=60),
        "in.wav": _wav(0.2), "in.pdf": _pdf(), "in.txt": "Сәлем, әлем!\n".encode(),
        "in.md": b"# Title\n\n- item\n", "in.html": b"<!doctype html><html><body><p>hi</p></body></html>\n",
    }  # fmt: skip
    labelled = {}
    for name, content in plain.items():
        options = LabelOptions(signer=signer, watermark=False, lang="en")
        labelled[name] = label_bytes(content, name, options, None).data
    media_names = (
        "in.png",
        "in.jpg",
        "in.webp",
        "in.wav",
        "in.mp4",
        "in.pdf",
        "in.txt",
        "in.md",
        "in.html",
        "in",
    )
    verify_names = ("in.png", "in.jpg", "in.webp", "in.wav", "in.pdf", "in.txt", "in.md", "in.html", "in.mp4")
    for name, original in plain.items():
        for content in (original, labelled[name]):
            _put("media_xmp", bytes([media_names.index(name)]) + content)
            _put("verify", bytes([verify_names.index(name) | 0x80]) + content)
    _put("media_xmp", bytes([media_names.index("in.txt")]) + marked.encode())
    _put("verify", bytes([verify_names.index("in.txt")]) + marked.encode())
    for content in labelled.values():
        verify_bytes(
            content,
            "x" + next(n for n, c in labelled.items() if c is content)[2:],
            trust_anchors=None,
            store=None,
        )

    # watermark: marked pictures and audio (the watermark needs >= 128 px and 3 s)
    wm_png = label_bytes(_image("PNG", 160, 128), "in.png", LabelOptions(visible=False), None).data
    wm_wav = label_bytes(_wav(3.2), "in.wav", LabelOptions(visible=False), None).data
    _put("watermark", b"\x00" + wm_png)
    _put("watermark", b"\x80" + _image("JPEG", 128, 128, quality=85))
    _put("watermark", b"\x00" + wm_wav)
    _put("watermark", b"\x01\x00\x10" + _gradient(64, 80).tobytes()[:4096])
    _put("watermark", b"\x02\x00\x00" + (np.sin(np.arange(2048) / 7.0) * 0.3).astype("<f4").tobytes())

    # audit_data: 0 csv, 1 tsv, 2 txt, 3 csv.gz packed, 4 parquet, 5 thresholds.yaml, 6 thresholds.json
    table = pq.read_table(ROOT / "examples/audit/decisions.parquet").slice(0, 40)
    csv_buf = io.BytesIO()
    __import__("pyarrow.csv").csv.write_csv(table, csv_buf)
    small = io.BytesIO()
    pq.write_table(table, small)
    for index, content in ((0, csv_buf.getvalue()), (3, csv_buf.getvalue()), (4, small.getvalue())):
        _put("audit_data", bytes([index]) + content)
        _put("audit_data", bytes([index | 0x80]) + content)
    _put("audit_data", bytes([1]) + csv_buf.getvalue().replace(b",", b"\t"))
    _put("audit_data", bytes([5]) + (ROOT / "examples/audit/thresholds.yaml").read_bytes())
    _put("audit_data", bytes([6]) + b'{"min_group_size": 30, "ratio_min": 0.8}')

    # report_inputs: 0 dossier summary, 1 web summary, 2 ledger export check
    scan = {"schema": "senim/scan-summary/v1", "finding_count": 3, "entities": {"IIN": 2, "PHONE": 1}}
    scan |= {"validated": {"IIN": 2}, "fields": {"iin": 2}, "records": 10, "sources": 1}
    receipt = {"label_id": "0000000000000007", "layers": ["visible", "xmp"], "machine_readable": True}
    verification = json.dumps(
        {"verifications": [{"verdict": "labelled_untrusted_signer", "kz_21_2": "met"}]}
    ).encode()
    audit = json.dumps({"schema": "senim/fairness-audit/v1", "disparities": [], "passed": False}).encode()
    for body in (
        json.dumps(scan).encode(),
        json.dumps({"receipts": [receipt]}).encode(),
        verification,
        audit,
        b'[1, 2, {"a": [true, null]}]',
    ):
        _put("report_inputs", b"\x00" + body)
        _put("report_inputs", b"\x01" + body)
    export = (
        '{"seq": 1, "prev_hash": "' + "0" * 64 + '", "hash": "' + "a" * 64 + '", "table": "systems", '
        '"op": "insert", "pk": "s1", "values": {}, "actor": "u1", "at": "2026-01-01T00:00:00Z"}\n'
        '{"head": {"seq": 1, "hash": "' + "a" * 64 + '", "signature": "AAAA", "public_key": "AAAA"}}\n'
    ).encode()
    _put("report_inputs", b"\x02" + export)
    _put("report_inputs", b"\x82" + export)


if __name__ == "__main__":
    main()
