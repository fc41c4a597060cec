#!/usr/bin/env bash
# Build dist/hangul-curator-VERSION-linux-x86_64.tar.gz: a PyInstaller one-folder bundle (no Python
# needed on the target; Kiwi's model and the NanumGothic font inside), the launcher entry, icons,
# AppStream metainfo and install.sh. Needs the project's .venv (make setup); installs PyInstaller
# into it. Ray is left out of the bundle (`--executor ray` then says so in one line).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
FONT=${FONT:-/usr/share/fonts/truetype/nanum/NanumGothic.ttf}
[ -f "$FONT" ] || { echo "build.sh: $FONT not found (Debian fonts-nanum)" >&2; exit 1; }
VERSION=$("$PY" -c "import curator; print(curator.__version__)")
NAME="hangul-curator-$VERSION-linux-x86_64"
WORK=build/package
STAGE="$WORK/$NAME"
if ! command -v readelf >/dev/null; then  # PyInstaller and slim_bundle.py read ELF headers and strip with binutils
    if [ "$(id -u)" = 0 ]; then apt-get install -y -q binutils >/dev/null; else echo "build.sh: needs binutils (readelf)" >&2; exit 1; fi
fi
"$PY" -m pip install -q "pyinstaller>=6.10" 2>&1 | { grep -v "^WARNING: Location" || true; }
rm -rf "$WORK" "dist/$NAME.tar.gz"
mkdir -p "$STAGE/icons" dist
"$VENV/bin/pyinstaller" --noconfirm --log-level WARN --onedir --name hangul-curator \
    --distpath "$STAGE" --workpath "$WORK/pyinstaller" --specpath "$WORK" \
    --paths "$PWD" --collect-submodules curator --collect-data curator \
    --collect-all kiwipiepy --collect-all kiwipiepy_model \
    --exclude-module ray --exclude-module pytest --exclude-module datasets --exclude-module pandas \
    --exclude-module aiohttp --exclude-module torch --exclude-module IPython --exclude-module tkinter \
    --exclude-module matplotlib --exclude-module PIL --exclude-module kiwisolver --exclude-module fontTools \
    --exclude-module contourpy --exclude-module PySide6.QtNetwork \
    --add-data "$FONT:fonts" \
    packaging/entry.py
# Arrow's parts for remote storage and RPC: never used (local files only), 54 MB
rm -f "$STAGE"/hangul-curator/_internal/pyarrow/libarrow_flight.so* "$STAGE"/hangul-curator/_internal/pyarrow/libarrow_s3.so* \
      "$STAGE"/hangul-curator/_internal/pyarrow/_flight*.so "$STAGE"/hangul-curator/_internal/pyarrow/_s3fs*.so
rm -rf "$STAGE"/hangul-curator/_internal/pyarrow/include
# Kiwi is loaded without its multi-word dictionary (kiwi_pool.py), zstandard uses its C backend,
# the app speaks Korean and English, and draws
# its tokenizer curve only where matplotlib is installed (the report's table has the figures)
INTERNAL="$STAGE/hangul-curator/_internal"
rm -f "$INTERNAL/kiwipiepy_model/multi.dict" "$INTERNAL"/zstandard/_cffi*.so
find "$INTERNAL/PySide6/Qt/translations" -name '*.qm' ! -name '*_ko.qm' ! -name '*_en.qm' -delete
# Qt: the app draws with xcb (X11, XWayland) and offscreen and reads PNG/SVG icons only
# (libarrow_substrait stays: libarrow_dataset loads it)
rm -rf "$INTERNAL/PySide6/Qt/plugins/platformthemes" "$INTERNAL/PySide6/Qt/plugins/wayland-"* \
       "$INTERNAL/PySide6/Qt/plugins/egldeviceintegrations"
rm -f "$INTERNAL"/PySide6/Qt/plugins/platforms/libqwayland*.so "$INTERNAL"/PySide6/Qt/plugins/platforms/libqeglfs.so \
      "$INTERNAL"/PySide6/Qt/plugins/platforms/libqlinuxfb.so "$INTERNAL"/PySide6/Qt/plugins/platforms/libqvnc.so \
      "$INTERNAL"/PySide6/Qt/plugins/platforms/libqminimal*.so
rm -f "$INTERNAL"/libQt6WaylandClient.so.6 "$INTERNAL"/libQt6WlShellIntegration.so.6 "$INTERNAL"/libQt6EglFS*.so.6 \
      "$INTERNAL"/libQt6EglFs*.so.6 "$INTERNAL"/PySide6/Qt/lib/libQt6Wayland*.so.6 "$INTERNAL"/PySide6/Qt/lib/libQt6Wl*.so.6 \
      "$INTERNAL"/PySide6/Qt/lib/libQt6EglFS*.so.6 "$INTERNAL"/PySide6/Qt/lib/libQt6EglFs*.so.6 \
      "$INTERNAL"/PySide6/Qt/plugins/platforms/libqvkkhrdisplay.so "$INTERNAL"/PySide6/Qt/lib/libQt6Network.so.6 \
      "$INTERNAL"/libQt6Network.so.6
rm -rf "$INTERNAL/PySide6/Qt/plugins/generic" "$INTERNAL/PySide6/Qt/plugins/imageformats"/libq{gif,icns,ico,jpeg,tga,tiff,wbmp,webp}.so
# Arrow's Python library is loaded by its soname; PyInstaller copied its symlinks as files; its C++ sources
rm -f "$INTERNAL/pyarrow/libarrow_python.so" "$INTERNAL"/pyarrow/libarrow_python.so.*.*.*
rm -rf "$INTERNAL/pyarrow/src" "$INTERNAL/pyarrow/tests"
# what only the pruned parts linked to (cairo, pango, GIO, Kerberos ...), and debug symbols
"$PY" packaging/slim_bundle.py "$INTERNAL"
find "$INTERNAL" -xtype l -delete  # links PyInstaller made to what was just removed
cp packaging/install.sh packaging/hangul-curator.desktop packaging/io.github.hangul_curator.metainfo.xml "$STAGE/"
cp packaging/hangul-curator.svg "$STAGE/icons/"
"$PY" packaging/make_icons.py packaging/hangul-curator.svg "$STAGE/icons"
cp packaging/README.md "$STAGE/README.md"
tar -C "$WORK" -czf "dist/$NAME.tar.gz" "$NAME"
echo "dist/$NAME.tar.gz ($(du -sh "$STAGE/hangul-curator" | cut -f1) unpacked)"
