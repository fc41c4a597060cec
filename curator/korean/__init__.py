"""korean layer of the Qt-free core."""
