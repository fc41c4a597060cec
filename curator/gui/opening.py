"""Opening a workspace off the UI thread (Qt-free): the view built and its first document read.

Reading a workspace's light columns and its first document is the slow half of opening it (it
held the UI thread 214-460 ms under load). The menu, the recent list, a drop and a finished run
build the view on a worker with this, and the window only adopts it.
"""

from curator.errors import CuratorError
from curator.workspace.view import WorkspaceView


def open_view(path: str) -> tuple[WorkspaceView | None, str | None]:
    """(the view, None), or (None, why ``path`` cannot be opened): the one place that says which
    failures are the user's to read rather than a crash."""
    try:
        return WorkspaceView(path), None
    except (CuratorError, OSError) as exc:
        return None, str(exc)


def prepared_view(path: str) -> tuple[WorkspaceView | None, str | None]:
    """``open_view`` with its counts made and the first row's document read (its row group is
    then cached for the pane): what a worker does before the window adopts the view."""
    view, error = open_view(path)
    if view is not None:
        view.counts()
        if view.n:
            view.document(0)  # the row the table selects first
    return view, error
