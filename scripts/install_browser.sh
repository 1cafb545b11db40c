#!/usr/bin/env bash
# Installs what the tests need from Debian: the product's own packages (scripts/install_system.sh,
# required here) and Debian's chromium + chromium-driver for the browser test
# (tests/test_app_browser.py, /usr/bin/chromium).
# Idempotent: installs only what is missing. Runs as root in CI; uses sudo otherwise when available.
set -euo pipefail
"$(dirname "$0")/install_system.sh"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
if [ "${#missing[@]}" -eq 0 ]; then
    echo "install_browser.sh: chromium, chromium-driver og systempakkene er allerede installert"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install_browser.sh: må kjøres som root (eller med sudo) for å installere ${missing[*]}" >&2
        exit 1
    fi
fi
echo "install_browser.sh: installerer ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
/usr/bin/chromium --version || true
