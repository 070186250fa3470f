#!/bin/sh
# What the test suite needs from the operating system, installed from Debian's packages:
#   chromium       the real browser that the web tests drive (Playwright, executablePath)
#   poppler-utils  pdftoppm / pdftotext, which the packet tests read PDFs with
#   fonts-dejavu   fonts for the PDF; libpango for WeasyPrint
#   fonts-wqy-microhei     Chinese, Japanese and Korean in the PDF (1.6 MB; fonts-noto-cjk
#                          covers the same and more but is 56 MB); the CSS names it after DejaVu
#   fonts-noto-color-emoji emoji in the PDF (WeasyPrint draws the colour glyphs; 9.9 MB)
#   postgresql-client      pg_dump, which copies the tests' migrated PostgreSQL schema
#                          (without it every PostgreSQL test runs the migrations itself)
# Installs only what is missing, and only where apt-get can run (root, or sudo without a
# password). Elsewhere it says what is missing; the tests that need it then skip with a reason.
set -eu
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v pdftoppm >/dev/null 2>&1 || need="$need poppler-utils"
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need="$need fonts-dejavu-core"
fc-list :lang=zh family 2>/dev/null | grep -q . || need="$need fonts-wqy-microhei"
fc-list 2>/dev/null | grep -qi "color emoji" || need="$need fonts-noto-color-emoji"
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || need="$need libpango-1.0-0 libpangoft2-1.0-0"
command -v pg_dump >/dev/null 2>&1 || need="$need postgresql-client"
[ -z "$need" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "system-packages: no apt-get here; install yourself:$need (tests that need them skip)" >&2
    exit 0
fi
if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "system-packages: not root; run: sudo apt-get install$need (tests that need them skip)" >&2
    exit 0
fi
echo "system-packages: installing$need" >&2
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $need >/dev/null 2>&1 \
    || { $sudo apt-get update -q >/dev/null 2>&1 && $sudo apt-get install -y -q --no-install-recommends $need >/dev/null; }
