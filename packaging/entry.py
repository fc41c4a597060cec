"""The bundle's executable: every `curator` command; with no arguments (the launcher) the app."""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()  # analysis workers are spawned: a frozen child stops here
    from curator.cli import main
    sys.exit(main(sys.argv[1:] or ["gui"]))
