"""Video watermark through ffmpeg: round trip with a frame hook, audio kept, bad files, no ffmpeg."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from senim.provenance.errors import CorruptMediaError, ProvenanceError, ToolMissingError
from senim.provenance.watermark.video import detect_video, embed_video, probe_video
from tests.provenance.test_watermark_image import natural_image

LABEL = 0x71DE000000000042
W, H, FPS, FRAMES = 320, 240, 10, 12

needs_ffmpeg = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("ffprobe") is None, reason="ffmpeg not installed"
)


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg not installed")
    path = tmp_path_factory.mktemp("video") / "src.mp4"
    big = natural_image(H, W + 3 * FRAMES, 8)
    enc = subprocess.Popen(
        [
            "ffmpeg",
            "-v",
            "error",
            "-y",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-s",
            f"{W}x{H}",
            "-r",
            str(FPS),
            "-i",
            "-",
            "-f",
            "lavfi",
            "-i",
            "sine=frequency=440:duration=1.2",
            "-shortest",
            "-c:v",
            "libx264",
            "-crf",
            "12",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            str(path),
        ],
        stdin=subprocess.PIPE,
    )
    assert enc.stdin is not None
    for k in range(FRAMES):
        enc.stdin.write(np.ascontiguousarray(big[:, 3 * k : 3 * k + W]).tobytes())
    enc.stdin.close()
    assert enc.wait() == 0
    return path


@needs_ffmpeg
def test_round_trip_with_hook_and_audio(source: Path, tmp_path: Path) -> None:
    seen: list[int] = []

    def hook(rgb: np.ndarray, index: int) -> np.ndarray:
        seen.append(index)
        rgb[:10, :10] = 255  # a stand-in for the visible badge
        return rgb

    dst = tmp_path / "out.mp4"
    embed_video(
        source, dst, LABEL, frame_hook=hook
    )  # default CRF 18; CRF 23 needs larger frames (benchmark: 640x360)
    assert seen == list(range(FRAMES))
    info = probe_video(dst)
    assert (info["width"], info["height"], info["fps"], info["has_audio"]) == (W, H, FPS, True)
    assert info["codec"] == "h264"
    reading = detect_video(dst, max_frames=6)
    assert reading.label_id == LABEL and "frames voted: 6" in reading.detail
    assert detect_video(source, max_frames=4).label_id is None


@needs_ffmpeg
def test_bad_hook_result(source: Path, tmp_path: Path) -> None:
    with pytest.raises(ProvenanceError, match="frame_hook"):
        embed_video(source, tmp_path / "x.mp4", LABEL, frame_hook=lambda rgb, i: rgb[:10])
    with pytest.raises(ProvenanceError, match="crf"):
        embed_video(source, tmp_path / "x.mp4", LABEL, crf=99)


@needs_ffmpeg
def test_corrupt_and_truncated_files(source: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"garbage" * 50)
    with pytest.raises(CorruptMediaError, match=r"junk\.mp4"):
        embed_video(junk, tmp_path / "out.mp4", LABEL)
    with pytest.raises(CorruptMediaError):
        detect_video(junk)
    truncated = tmp_path / "cut.mp4"
    truncated.write_bytes(source.read_bytes()[:2000])
    with pytest.raises(CorruptMediaError):
        detect_video(truncated)
    assert not (tmp_path / "out.mp4").exists() or (tmp_path / "out.mp4").stat().st_size == 0


def test_missing_ffmpeg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolMissingError, match="install"):
        probe_video(tmp_path / "a.mp4")
    with pytest.raises(ToolMissingError):
        embed_video(tmp_path / "a.mp4", tmp_path / "b.mp4", LABEL)
    with pytest.raises(ToolMissingError):
        detect_video(tmp_path / "a.mp4")
