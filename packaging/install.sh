#!/usr/bin/env bash
# Install Hangul Curator from this unpacked archive, per user (default: ~/.local) or system-wide
# (--system: /opt and /usr/local, as root); --uninstall removes exactly the files an install wrote
# (listed in the install's own manifest). Paths with spaces and Hangul are fine.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
MODE=user
ACTION=install
for arg in "$@"; do
    case "$arg" in
        --system) MODE=system ;;
        --uninstall) ACTION=uninstall ;;
        -h|--help) echo "usage: install.sh [--system] [--uninstall]"; exit 0 ;;
        *) echo "install.sh: unknown option $arg" >&2; exit 2 ;;
    esac
done
if [ "$MODE" = system ]; then
    APP=/opt/hangul-curator; BIN=/usr/local/bin; SHARE=/usr/local/share
else
    APP="${XDG_DATA_HOME:-$HOME/.local/share}/hangul-curator"; BIN="$HOME/.local/bin"; SHARE="${XDG_DATA_HOME:-$HOME/.local/share}"
fi
MANIFEST="$APP/installed-files.txt"

if [ "$ACTION" = uninstall ]; then
    [ -f "$MANIFEST" ] || { echo "install.sh: nothing installed at $APP" >&2; exit 1; }
    while IFS= read -r path; do rm -f -- "$path"; done < "$MANIFEST"
    rm -rf -- "$APP/bundle"
    rm -f -- "$MANIFEST"
    rmdir -- "$APP" 2>/dev/null || true
    echo "removed Hangul Curator from $APP"
    exit 0
fi

mkdir -p "$APP" "$BIN" "$SHARE/applications" "$SHARE/metainfo"
rm -rf -- "$APP/bundle"
cp -a "$HERE/hangul-curator" "$APP/bundle"
: > "$MANIFEST"
put() {  # put SOURCE DEST: copy and remember
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2"
    echo "$2" >> "$MANIFEST"
}
ln -sf "$APP/bundle/hangul-curator" "$BIN/curator"
echo "$BIN/curator" >> "$MANIFEST"
sed "s|@EXEC@|\"$APP/bundle/hangul-curator\"|" "$HERE/hangul-curator.desktop" > "$APP/hangul-curator.desktop"
put "$APP/hangul-curator.desktop" "$SHARE/applications/hangul-curator.desktop"
rm -f "$APP/hangul-curator.desktop"
put "$HERE/io.github.hangul_curator.metainfo.xml" "$SHARE/metainfo/io.github.hangul_curator.metainfo.xml"
put "$HERE/icons/hangul-curator.svg" "$SHARE/icons/hicolor/scalable/apps/hangul-curator.svg"
for size in 48 128 256; do
    put "$HERE/icons/hangul-curator-$size.png" "$SHARE/icons/hicolor/${size}x${size}/apps/hangul-curator.png"
done
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$SHARE/applications" 2>/dev/null || true
echo "installed Hangul Curator in $APP; the command: $BIN/curator; the launcher: $SHARE/applications/hangul-curator.desktop"
case ":$PATH:" in *":$BIN:"*) ;; *) echo "note: $BIN is not on your PATH" ;; esac
