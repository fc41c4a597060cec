"""The core must import with PySide6 unavailable (SPEC.md): only curator/gui may use Qt."""


import subprocess
import sys

from conftest import ROOT

BLOCKER = """
import importlib.abc, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):
            raise ImportError('Qt is blocked in this test: ' + name)
sys.meta_path.insert(0, Block())
import pkgutil, importlib, curator
for mod in pkgutil.walk_packages(curator.__path__, 'curator.'):
    if mod.name.startswith('curator.gui') or mod.name == 'curator.__main__':  # __main__ runs the CLI
        continue
    importlib.import_module(mod.name)
    print(mod.name)
assert not any(m.startswith('PySide6') for m in sys.modules)
"""


def test_core_imports_without_pyside6():
    result = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    modules = result.stdout.split()
    assert "curator.cli" in modules and "curator.pipeline.run" in modules
    assert len(modules) >= 10


def test_python_dash_m_curator_is_the_cli():
    result = subprocess.run([sys.executable, "-m", "curator", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and result.stdout.startswith("curator ")
