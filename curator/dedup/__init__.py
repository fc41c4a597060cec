"""dedup layer of the Qt-free core."""
