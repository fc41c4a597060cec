"""Remove shared libraries from a PyInstaller bundle that nothing in the bundle links to.

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


def main() -> None:
    internal = Path(sys.argv[1])
    sizes = {p: p.stat().st_size for p in shared_libraries(internal)}
    removed = prune(internal)
    mib = sum(sizes[p] for p in removed) / 2**20
    names = ", ".join(p.name for p in removed)
    print(f"prune_unlinked: {len(removed)} libraries nothing links to, {mib:.1f} MiB: {names}")


if __name__ == "__main__":
    main()
