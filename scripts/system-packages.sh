#!/bin/sh
# Debian packages the portal needs: pango for WeasyPrint, a CJK font, poppler
# (pdftotext) and chromium for the tests. Installed only when missing and when
# running as root; otherwise say what is missing and go on.
set -e
need=""
for pkg in libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk poppler-utils chromium; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need="$need $pkg"
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian packages:$need"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $need >/dev/null
else
    echo "Missing Debian packages (install them as root):$need" >&2
fi
