#!/usr/bin/env bash
# System packages Senim needs beyond its Python dependencies (Debian/Ubuntu):
#   ffmpeg        - video labelling and verification (frames through ffmpeg/ffprobe pipes), audio
#                   re-encoding in the watermark benchmark. Called as a separate program, never linked.
#   chromium      - the headless browser the web UI's end-to-end tests drive (Playwright with
#                   executable_path=/usr/bin/chromium; Playwright never downloads a browser).
#   poppler-utils - pdftotext, to check the text of PDF dossiers in the end-to-end tests.
# Idempotent: does nothing when every tool is present. Needs root (or sudo) to install.
set -euo pipefail

missing=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "senim: please install: ${missing[*]} (no apt-get on this machine)" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
        echo "senim: please install as root: apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi
echo "senim: installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null \
    || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
