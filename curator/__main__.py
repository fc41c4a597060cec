"""``python -m curator``: the same command line as ``curator``."""

import sys

from curator.cli import main

sys.exit(main())
