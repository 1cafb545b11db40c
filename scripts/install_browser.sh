#!/usr/bin/env bash
# Installs what the browser test (tests/test_app_browser.py) and the app's page pictures need:
#   - Debian's chromium (headless browser, /usr/bin/chromium) and chromium-driver,
#   - poppler-utils (pdftoppm renders the cited PDF page as a picture),
#   - tesseract-ocr + tesseract-ocr-nor (OCR of scanned PDF pages, ingest/readers/pdf.py),
#   - dict-freedict-eng-nor (English–Norwegian dictionary for English questions, assistant/dictionary.py).
# Idempotent: installs only what is missing. Runs as root in CI; uses sudo otherwise when available.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install_browser.sh: må kjøres som root (eller med sudo) for å installere pakker" >&2
        exit 1
    fi
fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v tesseract >/dev/null 2>&1 || missing+=(tesseract-ocr)
[ -n "$(ls /usr/share/tesseract-ocr/*/tessdata/nor.traineddata 2>/dev/null)" ] || missing+=(tesseract-ocr-nor)
[ -e /usr/share/dictd/freedict-eng-nor.index ] || missing+=(dict-freedict-eng-nor)
# Norwegian letters in generated test PDFs and screenshots.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)

if [ "${#missing[@]}" -eq 0 ]; then
    echo "install_browser.sh: chromium, chromium-driver, poppler-utils, tesseract-ocr(-nor) og dict-freedict-eng-nor er allerede installert"
    exit 0
fi

echo "install_browser.sh: installerer ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
/usr/bin/chromium --version || true
