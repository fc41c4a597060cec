"""pipeline layer of the Qt-free core."""
