"""Opening a workspace off the UI thread (Qt-free): the view built and its first document read.

Reading a workspace's light columns and its first document is the slow half of opening it (it
held the UI thread 214-460 ms under load). The menu, the recent list, a drop and a finished run
build the view on a worker with this, and the window only adopts it.
"""

from curator.errors import CuratorError
from curator.workspace.view import WorkspaceView


def prepared_view(path: str) -> tuple[WorkspaceView | None, str | None]:
    """(the view, None) with its counts made and the first row's document read (its row group is
    then cached for the pane), or (None, why it cannot be opened)."""
    try:
        view = WorkspaceView(path)
    except (CuratorError, OSError) as exc:
        return None, str(exc)
    view.counts()
    if view.n:
        view.document(0)  # the row the table selects first
    return view, None
