"""scripts/import_cycles.py: a cycle hidden in a function-level import is found; the tree has none."""

import os
import subprocess
import sys

from conftest import ROOT

SCRIPT = os.path.join(ROOT, "scripts", "import_cycles.py")


def write(root, path, text):
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as fh:
        fh.write(text)


def test_a_cycle_through_a_function_level_import_is_reported_with_its_lines(tmp_path):
    root = str(tmp_path)
    write(root, "curator/__init__.py", "")
    write(root, "curator/workspace/__init__.py", "")
    write(root, "curator/workspace/layout.py", "import os\n\n\ndef summary():\n    from curator.workspace.store import Store\n    return Store\n")
    write(root, "curator/workspace/store.py", "from curator.workspace.layout import summary\n\n\nclass Store:\n    pass\n")
    write(root, "curator/workspace/free.py", "from . import layout\n")  # relative import, no cycle
    done = subprocess.run([sys.executable, SCRIPT, root], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stdout.strip() == ("import cycle: curator.workspace.layout (line 5) → curator.workspace.store (line 1) "
                                   "→ curator.workspace.layout")


def test_the_curator_package_has_no_import_cycle():
    done = subprocess.run([sys.executable, SCRIPT, ROOT], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
