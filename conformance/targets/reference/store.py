"""Contacts in a SQLite file: one JSON document per contact, one transaction per write.

WAL journal with ``synchronous=NORMAL``: a committed write survives the process
being killed (it is in the WAL before COMMIT returns); only a power cut can lose
the last transactions. Writes run under ``BEGIN IMMEDIATE``, so a conditional
update reads, checks and writes while holding the database's write lock.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import orjson

from conformance.spec.paths import FIXTURES_DIR

SEED_FILE = FIXTURES_DIR / "contacts.json"
SCHEMA = """
CREATE TABLE IF NOT EXISTS contact (
    id INTEGER PRIMARY KEY,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class ContactNotFound(LookupError):
    """No contact has that id."""


class PreconditionFailed(Exception):
    """The contact changed after the client's If-Unmodified-Since date."""


@dataclass(frozen=True)
class Replacement:
    """What a conditional replace needs: how to test the current contact and how to build the new one."""

    build: Callable[[dict], dict]
    precondition: Callable[[dict], bool] | None = None


def _dumps(document: dict) -> str:
    return orjson.dumps(document).decode("utf-8")


class ContactStore:
    """The contacts of one SQLite file, seeded from ``fixtures/contacts.json`` when new."""

    def __init__(self, path: Path, seed: Iterable[dict] | None = None):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(SCHEMA)
        self._seed_once(seed)

    def _seed_once(self, seed: Iterable[dict] | None) -> None:
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM meta WHERE key = 'seeded'").fetchone():
                return
            contacts = seed if seed is not None else json.loads(SEED_FILE.read_text(encoding="utf-8"))
            db.executemany(
                "INSERT INTO contact (id, body) VALUES (?, ?)", ((c["ContactId"], _dumps(c)) for c in contacts)
            )
            db.execute("INSERT INTO meta (key, value) VALUES ('seeded', 'yes')")

    def _transaction(self):
        return _Transaction(self._db, self._lock)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def get(self, contact_id: int) -> dict | None:
        """The stored contact, or None."""
        with self._lock:
            row = self._db.execute("SELECT body FROM contact WHERE id = ?", (contact_id,)).fetchone()
        return orjson.loads(row[0]) if row else None

    def create(self, build: Callable[[int], dict]) -> dict:
        """Store a new contact built for the next free id; returns it."""
        with self._transaction() as db:
            (last,) = db.execute("SELECT COALESCE(MAX(id), 0) FROM contact").fetchone()
            contact = build(last + 1)
            db.execute("INSERT INTO contact (id, body) VALUES (?, ?)", (last + 1, _dumps(contact)))
        return contact

    def replace(self, contact_id: int, replacement: Replacement) -> dict:
        """Check the precondition and write the new contact in one IMMEDIATE transaction."""
        with self._transaction() as db:
            row = db.execute("SELECT body FROM contact WHERE id = ?", (contact_id,)).fetchone()
            if row is None:
                raise ContactNotFound(contact_id)
            current = orjson.loads(row[0])
            if replacement.precondition is not None and not replacement.precondition(current):
                raise PreconditionFailed(contact_id)
            contact = replacement.build(current)
            db.execute("UPDATE contact SET body = ? WHERE id = ?", (_dumps(contact), contact_id))
        return contact

    def write(self, contact_id: int, contact: dict) -> None:
        """Store a contact under an id as given, replacing any (no precondition, no server-owned fields)."""
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO contact (id, body) VALUES (?, ?)", (contact_id, _dumps(contact)))

    def delete(self, contact_id: int) -> bool:
        """Remove a contact; False when there was none."""
        with self._transaction() as db:
            return db.execute("DELETE FROM contact WHERE id = ?", (contact_id,)).rowcount > 0


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back when the block raises."""

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock):
        self._db, self._lock = db, lock

    def __enter__(self) -> sqlite3.Connection:
        self._lock.acquire()
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self._lock.release()
            raise
        return self._db

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            self._db.execute("COMMIT" if exc_type is None else "ROLLBACK")
        finally:
            self._lock.release()
