"""filters layer of the Qt-free core."""
