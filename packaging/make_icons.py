"""The launcher icon's PNG sizes, rendered from packaging/hangul-curator.svg with Qt (offscreen)."""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402


def main(svg: str, out_dir: str) -> None:
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (painting needs one)
    renderer = QSvgRenderer(svg)
    os.makedirs(out_dir, exist_ok=True)
    for size in (48, 128, 256):
        image = QImage(size, size, QImage.Format_ARGB32)
        image.fill(Qt.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        image.save(os.path.join(out_dir, f"hangul-curator-{size}.png"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
