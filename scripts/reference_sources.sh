#!/usr/bin/env bash
# Fetch the sources of the calibration reference (bench/korean_corpus.py) into DIR with Debian's and
# PyPI's own clients: Korean help of GNOME (gnome-user-docs and the GNOME applications that carry
# Korean help), the Korean TeX manuals (texlive-lang-korean), the Debian installation guide in
# Korean (installation-guide-amd64), KoNLPy's kolaw/kobill (konlpy wheel),
# and, as root, gimp-help-ko and pdftotext installed. Nothing is fetched that is already in DIR.
set -euo pipefail
DIR=${1:?usage: reference_sources.sh DIR}
PYTHON=${PYTHON:-python3}
DEBS="gnome-user-docs texlive-lang-korean installation-guide-amd64 baobab eog file-roller four-in-a-row gnome-boxes
 gnome-calculator gnome-chess gnome-clocks gnome-dictionary gnome-logs gnome-mahjongg gnome-mines
 gnome-music gnome-sudoku gnome-system-monitor hitori lightsoff swell-foop"
mkdir -p "$DIR"
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    missing=""
    for p in gimp-help-ko poppler-utils; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    fi
fi
for p in $DEBS; do  # apt-get download writes into the current directory
    ls "$DIR/${p}"_*.deb >/dev/null 2>&1 || (cd "$DIR" && { apt-get download -q "$p" >/dev/null 2>&1 \
        || { apt-get update -qq && apt-get download -q "$p" >/dev/null; }; })
done
ls "$DIR"/konlpy-*.whl >/dev/null 2>&1 || "$PYTHON" -m pip download -q --no-deps konlpy==0.6.0 -d "$DIR" 2>&1 \
    | { grep -v "^WARNING: Location" || true; }
