#!/usr/bin/env bash
# Installs the Debian packages the running product uses (what `make run` sets up):
#   - poppler-utils (pdftoppm renders the cited PDF page as a picture in the app),
#   - tesseract-ocr + tesseract-ocr-nor (OCR of scanned PDF pages, ingest/readers/pdf.py),
#   - dict-freedict-eng-nor (English–Norwegian dictionary for English questions, assistant/dictionary.py),
#   - dict-freedict-eng-swe + dict-freedict-swe-nor (English → Swedish → Norwegian for English words the
#     English–Norwegian dictionary lacks, assistant/pivot.py),
#   - dict-freedict-nno-nob (Nynorsk–Bokmål dictionary: nynorsk words read as bokmål in the index, assistant/nynorsk.py),
#   - wordnet-base (Princeton WordNet 3.0: related words of an English word the dictionary lacks, assistant/wordnet.py),
#   - fonts-dejavu-core (Norwegian letters in rendered pages and generated PDFs).
# The product runs without them (it says what it could not do), so with --optional a machine where
# nothing can be installed (no root, no sudo, no package mirror) gets a note and setup goes on.
# Idempotent: installs only what is missing. Usage: scripts/install_system.sh [--optional]
set -euo pipefail
OPTIONAL=0
[ "${1:-}" = "--optional" ] && OPTIONAL=1

note() {
    echo "install_system.sh: $1" >&2
    if [ "$OPTIONAL" -eq 1 ]; then
        echo "install_system.sh: fortsetter uten dem (skannede sider leses ikke, engelske spørsmål og nynorsk leses med de innebygde ordlistene)" >&2
        exit 0
    fi
    exit 1
}

missing=()
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
[ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/nor.traineddata 2>/dev/null)" ] || missing+=(tesseract-ocr-nor)
[ -e /usr/share/dictd/freedict-eng-nor.index ] || missing+=(dict-freedict-eng-nor)
[ -e /usr/share/dictd/freedict-eng-swe.index ] || missing+=(dict-freedict-eng-swe)
[ -e /usr/share/dictd/freedict-swe-nor.index ] || missing+=(dict-freedict-swe-nor)
[ -e /usr/share/dictd/freedict-nno-nob.index ] || missing+=(dict-freedict-nno-nob)
[ -e /usr/share/wordnet/index.noun ] || missing+=(wordnet-base)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ "${#missing[@]}" -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || note "må kjøres som root (eller med sudo) for å installere ${missing[*]}"
    SUDO="sudo"
    # `make run` must not stop at a password prompt: there, sudo only when it needs none
    [ "$OPTIONAL" -eq 1 ] && SUDO="sudo -n"
fi
command -v apt-get >/dev/null 2>&1 || note "fant ikke apt-get; installer ${missing[*]} for hånd"
echo "install_system.sh: installerer ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; }; then
    note "kunne ikke installere ${missing[*]} med apt-get"
fi
