"""Fail when modules of ``curator`` import each other in a cycle, counting imports inside functions.

import-linter's layers contract sees only the package layers; a function-level import between two
modules of one layer (``workspace.layout`` → ``workspace.store`` → ``workspace.layout``) hides a
cycle from it and from Python's import-time errors. Every ``import``/``from … import`` of a
``curator`` module anywhere in a file is an edge here; a strongly connected group of two or more
modules is reported with one edge chain and the lines that make it.

    python scripts/import_cycles.py [ROOT]      # exit 1 and one line per cycle when there is one
"""

import ast
import os
import sys


def module_files(root: str) -> dict[str, str]:
    """{dotted module name: path} of every ``.py`` file under ``root/curator``."""
    out = {}
    for folder, _, files in os.walk(os.path.join(root, "curator")):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                dotted = os.path.relpath(path, root)[:-3].replace(os.sep, ".")
                out[dotted.removesuffix(".__init__")] = path
    return out


def imports(path: str, modules: dict[str, str], own: str) -> dict[str, int]:
    """{imported curator module: first line} of one file, wherever the import statement sits."""
    tree = ast.parse(open(path, encoding="utf-8").read(), path)
    package = own if path.endswith("__init__.py") else own.rpartition(".")[0]
    found: dict[str, int] = {}

    def add(name: str, line: int) -> None:
        while name and name not in modules:  # curator.x.y.Name → curator.x.y
            name = name.rpartition(".")[0]
        if name and name != own and name.startswith("curator"):
            found.setdefault(name, line)

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                add(full if full in modules else base, node.lineno)
    return found


def cycles(root: str) -> list[list[tuple[str, str, int]]]:
    """Each cycle as [(module, imported module, line), …], one per strongly connected group."""
    modules = module_files(root)
    graph = {m: imports(modules[m], modules, m) for m in sorted(modules)}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    sys.setrecursionlimit(10_000)
    for node in graph:
        if node not in index:
            visit(node)
    out = []
    for group in groups:  # one concrete chain: walk inside the group back to the start
        start = min(group)
        chain, node, seen = [], start, set()
        while node not in seen:
            seen.add(node)
            nxt = min(n for n in graph[node] if n in group)
            chain.append((node, nxt, graph[node][nxt]))
            node = nxt
        out.append(chain[[c[0] for c in chain].index(node):])
    return out


def main() -> int:
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = cycles(root)
    for chain in found:
        print("import cycle: " + " → ".join(f"{a} (line {line})" for a, _, line in chain) + f" → {chain[0][0]}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
