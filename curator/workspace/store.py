"""Curator decisions: a SQLite store in WAL mode, durable at every acknowledged write.

Reading commands (``stats``, ``export``, the tokenizer, ``decisions export``) open it read-only
(``DecisionStore.reading``): nothing is created or written, so they work on a read-only workspace
and on a full disk (where SQLite cannot make its ``-wal``/``-shm`` files, the store is read as an
immutable file, but only while no connection has it open and no change waits in ``-wal``).

The store is the source of truth for review decisions; ``kept``/``reasons`` in the documents parts
are derived from it. Every change is appended to a history table (who, when, before, after) so the
GUI can undo.

Notes live in their own table, keyed by document: a note belongs to the document it was typed on,
with or without a decision, and clearing or undoing a decision never touches it.
"""

import fcntl
import getpass
import os
import sqlite3
import struct
import time
import urllib.parse

from curator.errors import CuratorError
from curator.workspace.layout import Workspace

# the decision vocabulary, owned here (the store's CHECK, the CLI, import, the engine use it);
# "clear" is the action that removes a decision, never stored
DECISIONS = ("accept", "reject")
CLEAR = "clear"

TABLES = {
    "decisions": f"""
    doc_id TEXT PRIMARY KEY,
    decision TEXT NOT NULL CHECK (decision IN ({", ".join(f"'{d}'" for d in DECISIONS)})),
    note TEXT,
    updated_at REAL NOT NULL
""",
    "notes": """
    doc_id TEXT PRIMARY KEY,
    note TEXT NOT NULL,
    who TEXT,
    updated_at REAL NOT NULL
""",
    "history": """
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id TEXT NOT NULL,
    before TEXT,
    after TEXT,
    note TEXT,
    who TEXT,
    at REAL NOT NULL
""",
}
SCHEMA = "".join(f"CREATE TABLE IF NOT EXISTS {name} ({body});\n" for name, body in TABLES.items())
OLD_NOTES = "SELECT doc_id, note, NULL AS who, updated_at FROM decisions WHERE note IS NOT NULL AND note != ''"


class DecisionStore:
    def __init__(self, path: str, readonly: bool = False):
        self.path = path
        if readonly:
            self.conn = _open_readonly(path)
            return
        try:
            # timeout: another process writing the store (a decide beside the GUI) is waited for
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=FULL")  # an acknowledged decision survives SIGKILL and power loss
            self.conn.executescript(SCHEMA)
            # stores written before notes had their own table kept them on the decision row
            self.conn.execute(f"INSERT OR IGNORE INTO notes(doc_id, note, who, updated_at) {OLD_NOTES}")
        except sqlite3.Error as exc:
            raise CuratorError(f"{path}: cannot open the decision store: {_why(path, exc)}") from None

    @classmethod
    def for_workspace(cls, ws: Workspace) -> "DecisionStore":
        return cls(ws.decisions_path)

    @classmethod
    def reading(cls, ws: Workspace) -> "DecisionStore":
        """The workspace's store opened read-only (see the module's docstring); a workspace with
        no store yet reads as an empty one (held in memory: nothing is created)."""
        if not os.path.isfile(ws.decisions_path):
            store = cls(":memory:")
            store.path = ws.decisions_path
            return store
        return cls(ws.decisions_path, readonly=True)

    def get(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT decision FROM decisions WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def set(self, doc_id: str, decision: str | None, note: str | None = None, who: str | None = None) -> str | None:
        """Record accept/reject, or clear with None; returns the previous decision. A ``note``
        given here is stored too (see ``set_note``); clearing a decision keeps the note."""
        who = who or _user()
        now = time.time()
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            if note:
                self._write_note(doc_id, note, who, now)
            return self._change(doc_id, decision, note, who, now)

    def set_decisions(self, changes: dict[str, str | None], who: str | None = None) -> dict[str, str | None]:
        """Record (or with None clear) many decisions in one transaction: a bulk action, or the undo
        of one; returns each document's previous decision. Notes are left as they are."""
        who = who or _user()
        now = time.time()
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            return {doc_id: self._change(doc_id, decision, None, who, now) for doc_id, decision in changes.items()}

    def _change(self, doc_id: str, decision: str | None, note: str | None, who: str, now: float) -> str | None:
        """Inside a transaction: set or clear one decision and log it; returns the previous one."""
        before = self.get(doc_id)
        if decision is None:
            self.conn.execute("DELETE FROM decisions WHERE doc_id = ?", (doc_id,))
        else:
            self._write_decision(doc_id, decision, now)
        self.conn.execute("INSERT INTO history(doc_id, before, after, note, who, at) VALUES (?, ?, ?, ?, ?, ?)",
                          (doc_id, before, decision, note, who, now))
        return before

    def set_note(self, doc_id: str, note: str | None, who: str | None = None) -> str | None:
        """Store (or with an empty ``note``, remove) the note of ``doc_id``; returns the old one."""
        who = who or _user()
        now = time.time()
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            before = self.note(doc_id)
            if note:
                self._write_note(doc_id, note, who, now)
            else:
                self.conn.execute("DELETE FROM notes WHERE doc_id = ?", (doc_id,))
        return before

    def _write_decision(self, doc_id: str, decision: str, now: float) -> None:
        self.conn.execute("INSERT INTO decisions(doc_id, decision, note, updated_at) VALUES (?, ?, NULL, ?) "
                          "ON CONFLICT(doc_id) DO UPDATE SET decision=excluded.decision, "
                          "updated_at=excluded.updated_at", (doc_id, decision, now))

    def _write_note(self, doc_id: str, note: str, who: str, now: float) -> None:
        self.conn.execute("INSERT INTO notes(doc_id, note, who, updated_at) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT(doc_id) DO UPDATE SET note=excluded.note, who=excluded.who, "
                          "updated_at=excluded.updated_at", (doc_id, note, who, now))

    def note(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT note FROM notes WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def all(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT doc_id, decision FROM decisions"))

    def notes(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT doc_id, note FROM notes"))

    def records(self) -> list[dict]:
        """Every decided or annotated document: id, decision (or None), note, who, when (epoch s),
        in id order; who/when are those of the latest change."""
        rows = self.conn.execute(
            "SELECT ids.doc_id, d.decision, n.note, "
            "COALESCE((SELECT who FROM history h WHERE h.doc_id = ids.doc_id ORDER BY seq DESC LIMIT 1), n.who), "
            "MAX(COALESCE(d.updated_at, 0), COALESCE(n.updated_at, 0)) "
            "FROM (SELECT doc_id FROM decisions UNION SELECT doc_id FROM notes) ids "
            "LEFT JOIN decisions d ON d.doc_id = ids.doc_id LEFT JOIN notes n ON n.doc_id = ids.doc_id "
            "ORDER BY ids.doc_id").fetchall()
        return [{"id": r[0], "decision": r[1], "note": r[2], "who": r[3], "when": r[4]} for r in rows]

    def set_many(self, rows: list[dict]) -> None:
        """Record many decisions and notes in one transaction (an import: all or nothing)."""
        with self.conn:
            self.conn.execute("BEGIN IMMEDIATE")
            for row in rows:
                who, now = row.get("who") or _user(), row.get("when") or time.time()
                before = self.get(row["id"])
                if row.get("decision"):
                    self._write_decision(row["id"], row["decision"], now)
                if row.get("note"):
                    self._write_note(row["id"], row["note"], who, now)
                self.conn.execute("INSERT INTO history(doc_id, before, after, note, who, at) VALUES (?, ?, ?, ?, ?, ?)",
                                  (row["id"], before, row.get("decision") or before, row.get("note"), who, now))

    def history(self, limit: int = 100) -> list[dict]:
        rows = self.conn.execute("SELECT seq, doc_id, before, after, note, who, at FROM history "
                                 "ORDER BY seq DESC LIMIT ?", (limit,)).fetchall()
        keys = ("seq", "doc_id", "before", "after", "note", "who", "at")
        return [dict(zip(keys, row)) for row in rows]

    def data_version(self) -> int:
        """Changes when another connection (a CLI ``decide`` or ``decisions import`` beside the
        app) commits; this connection's own writes leave it as it is (SQLite's data_version)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    def close(self) -> None:
        self.conn.close()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return os.environ.get("USER", "unknown")


def _why(path: str, exc: Exception) -> str:
    """What stops SQLite at ``path``, said plainly: a full disk, a read-only folder, or its own words."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fs = os.statvfs(folder)
    except OSError:
        fs = None
    if fs is not None and fs.f_flag & os.ST_RDONLY:
        return f"the file system is read-only ({exc})"
    if fs is not None and fs.f_bavail == 0:
        return f"the disk is full ({exc}); free some space"
    if not os.access(folder, os.W_OK):
        return f"no permission to write in {folder} ({exc})"
    return str(exc)


def _in_use(path: str) -> bool:
    """True when a change waits in ``-wal`` or another connection has the store open (it holds a
    read lock on the dead-man byte, 128, of ``-shm``): then an immutable read could miss a change."""
    try:
        if os.path.getsize(path + "-wal") > 0:
            return True
    except OSError:
        pass
    try:
        fd = os.open(path + "-shm", os.O_RDONLY)
    except OSError:
        return False  # no -shm: no connection is open
    try:
        probe = struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 128, 1, 0)
        return struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, probe))[0] != fcntl.F_UNLCK
    except OSError:
        return True  # cannot tell: not safe
    finally:
        os.close(fd)


def _open_readonly(path: str) -> sqlite3.Connection:
    """A read-only connection: the file as an immutable database when nobody has it open and no
    ``-wal``/``-shm`` exists (nothing is created; a writer that starts during the read could make
    it fail, never the store); else ``mode=ro`` (it sees committed changes in ``-wal``), and where
    SQLite cannot make its ``-shm`` (a read-only folder, a full disk) the immutable file again,
    only when no change waits in ``-wal`` and nobody has it open. Tables an older store lacks are
    stood in for by temporary ones (a read-only store is never migrated)."""
    uri = "file:" + urllib.parse.quote(os.path.abspath(path))
    immutable, ordinary = "?mode=ro&immutable=1", "?mode=ro"
    # nobody has it open and no -wal/-shm exists: read the file as it is (immutable), which creates
    # nothing (mode=ro would make -wal and -shm beside it: a reading command writing the workspace)
    idle = not any(os.path.exists(path + end) for end in ("-wal", "-shm")) and not _in_use(path)
    for mode in ((immutable,) if idle else (ordinary, immutable)):
        conn = None
        try:
            conn = sqlite3.connect(uri + mode, uri=True, isolation_level=None, check_same_thread=False, timeout=30)
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            break
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            # mode=ro failed (no -shm can be made): the immutable file only while that is safe
            if mode == immutable or _in_use(path):
                raise CuratorError(f"{path}: cannot read the decision store: {_why(path, exc)}") from None
    conn.execute("PRAGMA temp_store=MEMORY")  # stand-ins below: never a file, even on a full disk
    for name, body in TABLES.items():
        if name in tables:
            continue
        if name == "notes" and "decisions" in tables:
            conn.execute(f"CREATE TEMP VIEW notes AS {OLD_NOTES}")
        else:
            conn.execute(f"CREATE TEMP TABLE {name} ({body})")
    return conn


def load_decisions(ws: Workspace) -> dict[str, str]:
    """All decisions of a workspace ({} when no store exists yet), read without writing anything."""
    return _read_store(ws, DecisionStore.all)


def load_notes(ws: Workspace) -> dict[str, str]:
    """All notes of a workspace, by document id, read the same way."""
    return _read_store(ws, DecisionStore.notes)


def _read_store(ws: Workspace, read) -> dict[str, str]:
    store = DecisionStore.reading(ws)
    try:
        return read(store)
    finally:
        store.close()


def store_digest(path: str) -> str | None:
    """A digest of every decision and note in the store at ``path`` (None when there is none): a
    replacing run compares it at the swap with the one it copied at its start."""
    import hashlib
    if not os.path.isfile(path):
        return None
    store = DecisionStore(path)
    try:
        digest = hashlib.sha256()
        for table in ("decisions", "notes"):
            for row in store.conn.execute(f"SELECT doc_id, {'decision' if table == 'decisions' else 'note'} "
                                          f"FROM {table} ORDER BY doc_id"):
                digest.update(repr(row).encode("utf-8"))
        return digest.hexdigest()
    finally:
        store.close()


def copy_store(source: str, target: str) -> None:
    """Copy the whole store (decisions, notes, history) from ``source`` to ``target`` with SQLite's
    backup API: a consistent copy even while another process writes ``source``."""
    src = DecisionStore(source)
    dst = sqlite3.connect(target)
    try:
        src.conn.backup(dst)
    finally:
        dst.close()
        src.close()


def workspace_summary(ws: Workspace) -> dict | None:
    """{documents, decisions, notes} of the workspace at ``ws.root``, or None when there is none
    (what a replacement would delete: said by ``run --overwrite`` and asked by the app)."""
    if not os.path.isdir(ws.root) or not ws.recognised():
        return None
    try:
        documents = int(ws.read_meta().get("counts", {}).get("documents", 0))
    except (OSError, CuratorError, AttributeError, ValueError, TypeError):
        documents = 0
    decisions = notes = 0
    if os.path.isfile(ws.decisions_path):
        store = DecisionStore.reading(ws)  # a question asked before replacing: it writes nothing
        try:
            decisions, notes = len(store.all()), len(store.notes())
        finally:
            store.close()
    return {"documents": documents, "decisions": decisions, "notes": notes}
