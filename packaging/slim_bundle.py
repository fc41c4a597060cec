"""Slim a PyInstaller bundle: remove the shared libraries nothing in it links to, then strip the
debug symbols of the rest (``strip --strip-unneeded``; libpython alone carries 17 MB of them).

PyInstaller collects each library's dependencies when it collects the library; once build.sh has
pruned Qt plugins (the GTK theme, Wayland) and Arrow's remote-storage modules, the libraries only
they needed (cairo, pango, GIO, Kerberos, ...) stay behind. Roots are what Python or Qt loads by
path: extension modules, Qt plugins and libpython; everything else must be reachable from a root
through DT_NEEDED (read with binutils' readelf). Prints what it removed and the MiB saved.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[(.+?)\]")
EXTENSION = re.compile(r"\.(cpython-\d+.*|abi3)\.so$")


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
    return NEEDED.findall(out)


def is_root(path: Path, internal: Path) -> bool:
    rel = path.relative_to(internal).as_posix()
    return bool(EXTENSION.search(path.name)) or "/plugins/" in f"/{rel}" or path.name.startswith("libpython")


def shared_libraries(internal: Path) -> list[Path]:
    """ELF files named *.so or *.so.N (not data files whose names merely contain '.so')."""
    found = []
    for path in internal.rglob("*.so*"):
        if path.is_file() and not path.is_symlink() and re.search(r"\.so(\.\d+)*$", path.name):
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def prune(internal: Path) -> list[Path]:
    libraries = shared_libraries(internal)
    by_name: dict[str, list[Path]] = {}
    for path in libraries:
        by_name.setdefault(path.name, []).append(path)
    reached: set[Path] = set()
    stack = [p for p in libraries if is_root(p, internal)]
    while stack:
        path = stack.pop()
        if path in reached:
            continue
        reached.add(path)
        for name in needed(path):
            stack.extend(by_name.get(name, []))
    unreached = sorted(p for p in libraries if p not in reached)
    for path in unreached:
        path.unlink()
    return unreached


LOAD = re.compile(r"^\s*LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)", re.M)


def loadable(path: Path) -> bool:
    """Every LOAD segment's file offset and address agree modulo the page size. Libraries that
    auditwheel patched (patchelf) can break this when stripped ("ELF load command
    address/offset not page-aligned"); those keep their symbols."""
    out = subprocess.run(["readelf", "-lW", str(path)], capture_output=True, text=True).stdout
    segments = LOAD.findall(out)
    return bool(segments) and all(int(offset, 16) % 4096 == int(address, 16) % 4096 for offset, address in segments)


def strip(internal: Path) -> tuple[int, int]:
    """Strip every shared library that stays loadable; returns (bytes saved, libraries left alone)."""
    saved = kept = 0
    for path in shared_libraries(internal):
        stripped = path.with_name(path.name + ".stripped")
        subprocess.run(["strip", "--strip-unneeded", "-o", str(stripped), str(path)], check=True, capture_output=True)
        if loadable(stripped) and stripped.stat().st_size < path.stat().st_size:
            saved += path.stat().st_size - stripped.stat().st_size
            stripped.chmod(path.stat().st_mode)
            stripped.replace(path)
        else:
            stripped.unlink()
            kept += 1
    return saved, kept


def main() -> None:
    internal = Path(sys.argv[1])
    sizes = {p: p.stat().st_size for p in shared_libraries(internal)}
    removed = prune(internal)
    mib = sum(sizes[p] for p in removed) / 2**20
    names = ", ".join(p.name for p in removed)
    print(f"slim_bundle: {len(removed)} libraries nothing links to, {mib:.1f} MiB: {names}")
    saved, kept = strip(internal)
    print(f"slim_bundle: debug symbols stripped, {saved / 2**20:.1f} MiB ({kept} libraries left as they were)")


if __name__ == "__main__":
    main()
