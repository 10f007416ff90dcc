"""Video watermark: every frame marked with the image watermark, through ffmpeg pipes.

- :func:`embed_video` decodes the first video stream with ``ffmpeg`` to raw ``rgb24`` frames on a
  pipe, applies ``frame_hook`` (e.g. the visible badge) and then
  :func:`~senim.provenance.watermark.image.embed_image` to each frame, and pipes the frames into a
  second ``ffmpeg`` that encodes H.264 (``libx264``, ``yuv420p``, the given CRF) into MP4 at the
  source's frame rate, copying the source's audio streams unchanged. One frame is in memory at a
  time, so memory is bounded whatever the video's length. Odd widths or heights are padded by one
  pixel (``yuv420p`` needs even sizes). Only ``dst`` is written; the caller renames it into place.
- :func:`detect_video` decodes up to ``max_frames`` frames spread evenly over the file, reads the
  soft payload values of each (:func:`~senim.provenance.watermark.image.read_soft_bits`), sums
  them per bit (a soft vote) and decodes the sum once.

``ffmpeg``/``ffprobe`` missing raise :class:`~senim.provenance.errors.ToolMissingError`; an
unreadable input raises :class:`~senim.provenance.errors.CorruptMediaError` carrying ffmpeg's
(trimmed) message.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import IO, Any, Final

import numpy as np
import numpy.typing as npt

from senim.provenance.errors import (
    CorruptMediaError,
    ProvenanceError,
    ToolMissingError,
    UnsupportedFormatError,
)
from senim.provenance.ids import PAYLOAD_BITS, decode_payload
from senim.provenance.types import WatermarkReading
from senim.provenance.watermark.image import MAX_PIXELS, MIN_IMAGE_SIDE, embed_image, read_soft_bits

__all__ = ["detect_video", "embed_video", "probe_video"]

FrameHook = Callable[[npt.NDArray[np.uint8], int], npt.NDArray[np.uint8]]

_MESSAGE_CHARS: Final = 400
_INSTALL_HINT: Final = "install FFmpeg (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg)"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ToolMissingError(f"{name} not found on PATH: {_INSTALL_HINT}")
    return found


def _trim(message: bytes | str) -> str:
    text = message.decode("utf-8", "replace") if isinstance(message, bytes) else message
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    joined = "; ".join(lines[-4:])
    return joined if len(joined) <= _MESSAGE_CHARS else "…" + joined[-_MESSAGE_CHARS:]


def _fraction(text: object) -> Fraction | None:
    try:
        value = Fraction(str(text))
    except (ValueError, ZeroDivisionError):
        return None
    return value if value > 0 else None


def probe_video(path: Path) -> dict[str, Any]:
    """Facts about a video file from ``ffprobe``.

    Returns
    -------
    dict
        ``width``, ``height`` (int), ``fps`` (float), ``fps_text`` (exact rational, e.g.
        ``"30000/1001"``), ``frames`` (int; counted by the container or estimated from the
        duration), ``duration`` (seconds, float or ``None``), ``has_audio`` (bool), ``codec`` (str).

    Raises
    ------
    ToolMissingError
        ``ffprobe`` is not installed.
    CorruptMediaError
        ffprobe cannot read the file (its message is included).
    UnsupportedFormatError
        The file has no video stream.
    """
    ffprobe = _tool("ffprobe")
    cmd = [ffprobe, "-v", "error", "-print_format", "json", "-show_streams", "-show_format", str(path)]
    done = subprocess.run(cmd, capture_output=True, check=False)
    if done.returncode != 0:
        raise CorruptMediaError(f"{path.name}: unreadable video: {_trim(done.stderr) or 'ffprobe failed'}")
    try:
        info = json.loads(done.stdout or b"{}")
    except json.JSONDecodeError as exc:
        raise CorruptMediaError(f"{path.name}: unreadable ffprobe output ({exc})") from exc
    streams = info.get("streams") or []
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    if video is None:
        raise UnsupportedFormatError(f"{path.name}: no video stream")
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    if width <= 0 or height <= 0:
        raise CorruptMediaError(f"{path.name}: video stream without a frame size")
    rate = _fraction(video.get("avg_frame_rate")) or _fraction(video.get("r_frame_rate")) or Fraction(25)
    duration_text = video.get("duration") or (info.get("format") or {}).get("duration")
    try:
        duration: float | None = float(duration_text) if duration_text is not None else None
    except ValueError:
        duration = None
    frames = int(video.get("nb_frames") or 0)
    if frames <= 0 and duration is not None:
        frames = max(1, round(duration * float(rate)))
    return {
        "width": width,
        "height": height,
        "fps": float(rate),
        "fps_text": f"{rate.numerator}/{rate.denominator}",
        "frames": frames,
        "duration": duration,
        "has_audio": any(s.get("codec_type") == "audio" for s in streams),
        "codec": str(video.get("codec_name") or ""),
    }


def _read_frames(stream: IO[bytes], width: int, height: int) -> Iterator[npt.NDArray[np.uint8]]:
    size = width * height * 3
    while True:
        chunk = stream.read(size)
        if len(chunk) < size:
            return
        yield np.frombuffer(chunk, dtype=np.uint8).reshape(height, width, 3)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait()


def _decoder(
    ffmpeg: str, src: Path, log: IO[bytes], video_filter: str | None = None
) -> subprocess.Popen[bytes]:
    cmd = [ffmpeg, "-nostdin", "-v", "error", "-i", str(src), "-map", "0:v:0"]
    if video_filter:
        cmd += ["-vf", video_filter, "-fps_mode", "vfr"]
    cmd += ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=log)


def _log_text(log: IO[bytes]) -> str:
    log.seek(0)
    return _trim(log.read())


def embed_video(
    src: Path,
    dst: Path,
    label_id: int,
    *,
    frame_hook: FrameHook | None = None,
    crf: int = 18,
) -> None:
    """Mark every frame of a video and write H.264/MP4 to ``dst``.

    Parameters
    ----------
    src
        Any video ffmpeg reads (first video stream is used; frames smaller than
        :data:`~senim.provenance.watermark.image.MIN_IMAGE_SIDE` are refused).
    dst
        Output path (MP4; overwritten). Nothing else is written.
    label_id
        64-bit label id.
    frame_hook
        Called as ``frame_hook(rgb, frame_index)`` before marking (e.g. to draw the visible badge);
        must return an array of the same shape, ``uint8``.
    crf
        libx264 constant rate factor (0–51; 18 is visually lossless).

    Raises
    ------
    ToolMissingError
        ffmpeg or ffprobe is missing.
    CorruptMediaError
        The input cannot be decoded (ffmpeg's message is included).
    UnsupportedFormatError
        The input has no video stream.
    ProvenanceError
        Frames too small or too large, a bad ``frame_hook`` result, a bad ``crf``, or the encoder
        failed (e.g. an audio codec that MP4 cannot hold).
    """
    if not 0 <= crf <= 51:
        raise ProvenanceError(f"crf must be in 0..51, got {crf}")
    ffmpeg = _tool("ffmpeg")
    info = probe_video(src)
    width, height = info["width"], info["height"]
    if min(width, height) < MIN_IMAGE_SIDE:
        raise ProvenanceError(f"{src.name}: video too small for a watermark: {width}x{height}")
    if width * height > MAX_PIXELS:
        raise ProvenanceError(f"{src.name}: video frames too large: {width}x{height}")
    encode = [
        ffmpeg, "-nostdin", "-v", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-r", info["fps_text"], "-i", "-",
        "-i", str(src), "-map", "0:v:0", "-map", "1:a?",
        "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2",
        "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", str(crf), "-c:a", "copy",
        "-movflags", "+faststart", "-f", "mp4", str(dst),
    ]  # fmt: skip
    with tempfile.TemporaryFile() as dec_log, tempfile.TemporaryFile() as enc_log:
        decoder = _decoder(ffmpeg, src, dec_log)
        encoder = subprocess.Popen(encode, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=enc_log)
        assert decoder.stdout is not None and encoder.stdin is not None
        count = 0
        try:
            for count, frame in enumerate(_read_frames(decoder.stdout, width, height), start=1):
                rgb = frame
                if frame_hook is not None:
                    rgb = frame_hook(frame.copy(), count - 1)
                    if not isinstance(rgb, np.ndarray) or rgb.shape != frame.shape or rgb.dtype != np.uint8:
                        raise ProvenanceError("frame_hook must return an array of the frame's shape, uint8")
                marked = embed_image(rgb, label_id)
                try:
                    encoder.stdin.write(marked.tobytes())
                except BrokenPipeError as exc:
                    encoder.wait()
                    raise ProvenanceError(f"{dst.name}: video encoder failed: {_log_text(enc_log)}") from exc
            decoder.wait()
            encoder.stdin.close()
            encoder.wait()
        finally:
            _stop(decoder)
            _stop(encoder)
        if decoder.returncode != 0 or count == 0:
            raise CorruptMediaError(
                f"{src.name}: unreadable video: {_log_text(dec_log) or 'no frames decoded'}"
            )
        if encoder.returncode != 0:
            raise ProvenanceError(f"{dst.name}: video encoder failed: {_log_text(enc_log)}")


def detect_video(path: Path, *, max_frames: int = 90) -> WatermarkReading:
    """Read a label id from a video by a soft vote over up to ``max_frames`` frames.

    The frames are spread evenly over the file (every k-th frame); each frame's soft payload values
    are summed per bit before one decode.

    Raises
    ------
    ToolMissingError
        ffmpeg or ffprobe is missing.
    CorruptMediaError
        The file cannot be decoded (ffmpeg's message is included).
    UnsupportedFormatError
        The file has no video stream.
    ProvenanceError
        ``max_frames`` is not positive, or the frames are too small to carry a mark.
    """
    if max_frames < 1:
        raise ProvenanceError(f"max_frames must be positive, got {max_frames}")
    ffmpeg = _tool("ffmpeg")
    info = probe_video(path)
    width, height = info["width"], info["height"]
    if min(width, height) < MIN_IMAGE_SIDE // 2 or width * height > MAX_PIXELS:
        raise ProvenanceError(f"{path.name}: video frame size {width}x{height} cannot carry a watermark")
    step = max(1, int(info["frames"]) // max_frames)
    votes = np.zeros(PAYLOAD_BITS)
    voted = 0
    with tempfile.TemporaryFile() as dec_log:
        decoder = _decoder(ffmpeg, path, dec_log, rf"select=not(mod(n\,{step}))")
        assert decoder.stdout is not None
        try:
            for frame in _read_frames(decoder.stdout, width, height):
                soft = read_soft_bits(frame)
                scale = float(np.mean(np.abs(soft)))
                votes += soft / scale if scale > 0 else soft
                voted += 1
                if voted >= max_frames:
                    break
        finally:
            _stop(decoder)
        if voted == 0:
            raise CorruptMediaError(
                f"{path.name}: unreadable video: {_log_text(dec_log) or 'no frames decoded'}"
            )
    label_id, ber, confidence = decode_payload(votes)
    return WatermarkReading(label_id, ber, confidence, f"frames voted: {voted} (every {step})")
