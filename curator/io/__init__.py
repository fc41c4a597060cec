"""io layer of the Qt-free core."""
