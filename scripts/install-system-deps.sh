#!/bin/sh
# Debian packages the test suite drives for real: headless Chromium (the HTML view), a CJK font
# (without it Chinese labels render as boxes in screenshots) and Virtuoso (the push round trip).
set -eu
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing="$missing fonts-wqy-microhei"
command -v virtuoso-t >/dev/null 2>&1 || missing="$missing virtuoso-opensource"
[ -z "$missing" ] && exit 0
echo "installing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
