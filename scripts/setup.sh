#!/usr/bin/env bash
# Create .venv with the project and its test/GUI extras; as root, install the Debian packages the GUI
# needs (Qt's runtime libraries and a Hangul font) when they are missing.
set -euo pipefail
VENV=${VENV:-.venv}
PYTHON=${PYTHON:-python3}
# offscreen Qt + a Hangul font; then what Qt's xcb plugin needs for a real window on X11
DEB_PACKAGES="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-nanum
 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
 libxcb-xkb1 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0 xvfb xauth"

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    missing=""
    for p in $DEB_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        echo "installing Debian packages:$missing"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    fi
fi

if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
# pip's noise about unreachable extra index locations is filtered, setuptools' editable-install
# banner silenced (PYTHONWARNINGS reaches the build backend); pip's own failure still fails
"$VENV/bin/python" -m pip install -q --upgrade pip 2>&1 | { grep -v "^WARNING: Location" || true; }
PYTHONWARNINGS=ignore "$VENV/bin/python" -m pip install -q -e ".[gui,test,ray,bench]" 2>&1 | { grep -v "^WARNING: Location" || true; }
"$VENV/bin/python" -c "import curator" || { echo "setup failed: curator does not import" >&2; exit 1; }
touch "$VENV/.installed"
