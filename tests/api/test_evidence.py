"""Evidence: attestations, streamed uploads with a size limit, downloads with the SHA-256, tenancy."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from tests.api.conftest import PREFIX, Api, error_of


def test_upload_and_download_round_trip_with_sha256(api: Api) -> None:
    sid = api.new_system()["id"]
    data = bytes(range(256)) * 40 + b"\r\n--not-a-boundary\r\n" + b"\x00" * 7
    r = api.post(
        "engineer",
        f"/systems/{sid}/evidence/files",
        files={"file": ("C:\\reports\\Отчёт об аудите.pdf", data, "application/pdf")},
        data={"title": "Bias audit", "rules": "KZ-AI-17-1, EU-AI-10 ,", "kind": "machine_result"},
    )
    assert r.status_code == 201, r.text
    ev = r.json()
    sha = hashlib.sha256(data).hexdigest()
    assert ev["sha256"] == sha and ev["size"] == len(data) and ev["kind"] == "machine_result"
    assert ev["filename"] == "Отчёт об аудите.pdf" and ev["media_type"] == "application/pdf"
    assert ev["rules"] == ["KZ-AI-17-1", "EU-AI-10"] and ev["attested_by"] == api.user_ids["engineer"]

    down = api.get("auditor", f"/evidence/{ev['id']}/content")
    assert down.status_code == 200
    assert down.content == data and hashlib.sha256(down.content).hexdigest() == sha
    assert down.headers["content-type"] == "application/pdf"
    assert down.headers["ETag"] == f'"{sha}"' and down.headers["X-Content-SHA256"] == sha
    disposition = down.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''%D0%9E%D1%82" in disposition
    assert down.headers["X-Content-Type-Options"] == "nosniff"

    # the same bytes again: a second evidence row, one stored blob (content-addressed)
    again = api.post(
        "admin", f"/systems/{sid}/evidence/files", files={"file": ("copy.bin", data)}, data={"title": "Copy"}
    )
    assert again.status_code == 201 and again.json()["sha256"] == sha and again.json()["kind"] == "file"
    assert again.json()["media_type"] == "application/octet-stream"
    assert len(api.get("engineer", f"/systems/{sid}/evidence").json()["items"]) == 2


def test_upload_errors_and_the_size_limit_while_reading(api: Api) -> None:
    sid = api.new_system()["id"]
    limit = 1000
    path = f"{PREFIX}/systems/{sid}/evidence/files"
    with api.other_client(max_upload_bytes=limit) as client:
        headers = api.auth("engineer")
        exact = client.post(
            path, headers=headers, files={"file": ("ok.bin", b"a" * limit)}, data={"title": "t"}
        )
        assert exact.status_code == 201, exact.text

        over = client.post(
            path, headers=headers, files={"file": ("big.bin", b"a" * (limit + 1))}, data={"title": "t"}
        )
        err = error_of(over, 413, "payload_too_large")
        assert str(limit) in err["message"] and err["details"][0]["limit"] == limit

        huge = client.post(
            path, headers=headers, files={"file": ("huge.bin", b"a" * 200_000)}, data={"title": "t"}
        )
        assert error_of(huge, 413, "payload_too_large")["details"][0]["reason"] == "content-length"

        # No Content-Length (chunked): stopped by counting while the stream is read
        boundary = "senimtestboundary"

        def chunks() -> Iterator[bytes]:
            yield (
                f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nt\r\n'
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.bin"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            for _ in range(100):
                yield b"b" * 512
            yield f"\r\n--{boundary}--\r\n".encode()

        streamed = client.post(
            path,
            headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
            content=chunks(),
        )
        assert "content-length" not in {k.lower() for k in streamed.request.headers}
        assert error_of(streamed, 413, "payload_too_large")["details"][0]["reason"] == "file"
    items = api.get("engineer", f"/systems/{sid}/evidence").json()["items"]
    assert [e["filename"] for e in items] == ["ok.bin"]  # nothing of the refused uploads was stored

    # form errors (with the default limit), on a second system
    sid = api.new_system(slug="second")["id"]
    path = f"/systems/{sid}/evidence/files"
    error_of(api.post("engineer", path, data={"title": "no file"}, files={"other": ("a.txt", b"x")}), 422)
    err = error_of(api.post("engineer", path, files={"file": ("a.txt", b"x")}), 422, "invalid")
    assert err["details"][0]["loc"] == ["body", "title"]
    error_of(
        api.post("engineer", path, files={"file": ("a.txt", b"x")}, data={"title": "t", "kind": "poem"}),
        422,
        "invalid",
    )
    error_of(api.post("engineer", path, json={"title": "t"}), 415, "unsupported_media_type")
    broken = b'--XYZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nt\r\n--XYZ'  # never closed
    error_of(
        api.post(
            "engineer", path, content=broken, headers={"Content-Type": "multipart/form-data; boundary=XYZ"}
        ),
        400,
        "malformed_multipart",
    )
    for role in ("auditor", "regulator"):
        error_of(
            api.post(role, path, files={"file": ("a.txt", b"x")}, data={"title": "t"}),
            403 if role == "auditor" else 404,
        )
    assert api.get("engineer", f"/systems/{sid}/evidence").json()["items"] == []


def test_attestations_and_other_organisations_evidence(api: Api) -> None:
    sid = api.new_system()["id"]
    att = api.post(
        "engineer", f"/systems/{sid}/evidence/attestations", json={"title": "t", "statement": "s"}
    ).json()
    up = api.post(
        "engineer",
        f"/systems/{sid}/evidence/files",
        files={"file": ("a.txt", b"secret")},
        data={"title": "t"},
    ).json()
    for ev in (att, up):
        error_of(api.get("b_admin", f"/evidence/{ev['id']}"), 404, "not_found")
        error_of(api.get("b_admin", f"/evidence/{ev['id']}/content"), 404, "not_found")
    error_of(api.get("b_admin", f"/systems/{sid}/evidence"), 404, "not_found")
    error_of(
        api.post("b_admin", f"/systems/{sid}/evidence/attestations", json={"title": "t", "statement": "s"}),
        404,
        "not_found",
    )
    error_of(
        api.post(
            "b_admin", f"/systems/{sid}/evidence/files", files={"file": ("a.txt", b"x")}, data={"title": "t"}
        ),
        404,
        "not_found",
    )
    # regulators: only evidence of published systems
    error_of(api.get("regulator", f"/evidence/{up['id']}"), 404, "not_found")
    api.patch("admin", f"/systems/{sid}", json={"publication": "trusted_list", "version": 1})
    assert api.get("regulator", f"/evidence/{up['id']}/content").content == b"secret"
    assert len(api.get("admin", f"/systems/{sid}/evidence").json()["items"]) == 2

    sid = api.new_system(slug="attested")["id"]
    r = api.post(
        "compliance_officer",
        f"/systems/{sid}/evidence/attestations",
        json={
            "title": "Oversight",
            "statement": "A person reviews every refusal.",
            "rules": ["KZ-AI-17-1", "KZ-AI-17-1", "EU-AI-14"],
        },
    )
    assert r.status_code == 201, r.text
    ev = r.json()
    assert ev["kind"] == "attestation" and ev["attested_by"] == api.user_ids["compliance_officer"]
    assert ev["rules"] == ["KZ-AI-17-1", "EU-AI-14"] and ev["sha256"] is None
    assert api.get("auditor", f"/evidence/{ev['id']}").json() == ev
    assert [e["id"] for e in api.get("engineer", f"/systems/{sid}/evidence").json()["items"]] == [ev["id"]]
    error_of(api.get("engineer", f"/evidence/{ev['id']}/content"), 404, "not_found")  # nothing to download
    body = {"title": "x", "statement": "y"}
    for role in ("auditor", "regulator"):
        error_of(api.post(role, f"/systems/{sid}/evidence/attestations", json=body), 403, "forbidden")
    err = error_of(api.post("engineer", f"/systems/{sid}/evidence/attestations", json={"title": "x"}), 422)
    assert err["details"][0]["loc"] == ["body", "statement"]
    error_of(
        api.post(
            "engineer",
            f"/systems/{sid}/evidence/attestations",
            json={"title": "x", "statement": "y", "rules": [""]},
        ),
        422,
        "invalid",
    )
