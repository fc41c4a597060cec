"""export layer of the Qt-free core."""
