"""User-facing errors: the CLI prints these as one line and exits 1."""


class CuratorError(Exception):
    """An expected failure the user can act on (bad path, bad config, empty input)."""


class Cancelled(CuratorError):
    """The user cancelled a long operation (GUI cancel button, progress callback)."""
