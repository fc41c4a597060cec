"""workspace layer of the Qt-free core."""
