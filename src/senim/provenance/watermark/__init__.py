"""In-house invisible watermarks carrying a 64-bit label id (see :mod:`senim.provenance.ids`).

- :mod:`.image`: DWT-DCT-SVD on a size-normalised luma plane (``org.senim.watermark.dwtDctSvd.v1``);
- :mod:`.audio`: keyed spread spectrum in 1–4 kHz STFT magnitudes (``org.senim.watermark.audio.v1``);
- :mod:`.video`: every frame marked with the image watermark through ffmpeg pipes, soft vote on detection.
"""
