"""Regenerate the command examples in README.md from real runs, so they cannot drift.

A README block written as

    <!-- example -->
    ```
    $ curator run resources/corpus --out demo-ws
    ...output...
    ```

is rewritten with the real output of each ``$ `` command, run in order in a scratch directory
(``resources/`` linked in), so workspaces and exports made by one example serve the next. A command
that should fail shows ``(exit N)`` after its stderr line.

    python scripts/readme_examples.py           # rewrite README.md
    python scripts/readme_examples.py --check   # exit 1 if README.md differs (timings masked)
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(ROOT, "README.md")
BLOCK = re.compile(r"(<!-- example -->\n```\n)(.*?)(```)", re.S)
# what legitimately changes from run to run: durations, rates, the tqdm bar
VOLATILE = [(re.compile(r"\d[\d,.]* s\b"), "N s"), (re.compile(r"\(\d[\d,.]* [KMG]?B/s\)"), "(N/s)")]


def run_block(body: str, scratch: str) -> str:
    out = []
    for line in body.splitlines():
        if not line.startswith("$ "):
            continue
        command = line[2:].split("  #")[0].strip()
        argv = shlex.split(command)
        env = dict(os.environ, COLUMNS="100")
        if argv[0] == "curator":
            argv = [sys.executable, "-m", "curator.cli", *argv[1:]]
            result = subprocess.run(argv, cwd=scratch, capture_output=True, text=True, env=env, timeout=900)
        else:  # a helper line such as writing a config file
            result = subprocess.run(["bash", "-c", command], cwd=scratch, capture_output=True, text=True,
                                    env=env, timeout=60)
        out.append(f"$ {command}")
        text = result.stdout.rstrip("\n")
        if text:
            out.append(text)
        if result.returncode != 0:
            out.append(f"{result.stderr.strip()}          (exit {result.returncode})")
    return "\n".join(out) + "\n"


def render(readme: str) -> str:
    with tempfile.TemporaryDirectory(prefix="readme-") as scratch:
        os.symlink(os.path.join(ROOT, "resources"), os.path.join(scratch, "resources"))
        return BLOCK.sub(lambda m: m.group(1) + run_block(m.group(2), scratch) + m.group(3), readme)


def masked(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of rewriting")
    args = parser.parse_args()
    with open(README, encoding="utf-8") as fh:
        current = fh.read()
    fresh = render(current)
    if args.check:
        if masked(fresh) != masked(current):
            import difflib
            sys.stdout.writelines(difflib.unified_diff(masked(current).splitlines(True), masked(fresh).splitlines(True),
                                                       "README.md", "fresh runs"))
            return 1
        return 0
    with open(README, "w", encoding="utf-8") as fh:
        fh.write(fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
