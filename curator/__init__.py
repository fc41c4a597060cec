"""Hangul Curator: turn raw Korean text into clean, deduplicated, reviewed Parquet shards.

The core (everything outside ``curator.gui``) never imports Qt.
"""

__version__ = "0.1.0"
