"""Where the index lives on disk: generations, the atomic pointer, the indexer lock.

Layout of ``SEARCH_INDEX_DIR``::

    CURRENT          name of the generation being served (replaced atomically)
    gen-<stamp>/     one complete Whoosh index plus its MANIFEST.json
    indexer.lock     held (flock) by whichever process is writing

A rebuild writes a new generation and then renames a new ``CURRENT`` over the
old one, so a reader sees the old index or the new one, never half of one.
Only the holder of ``indexer.lock`` opens a Whoosh writer: web workers only
read, so they never meet Whoosh's ``LockError``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import FileIndex

from counsel_dir.search.ranking import TierBlendedBM25F
from counsel_dir.search.schema import build_schema

POINTER = "CURRENT"
MANIFEST = "MANIFEST.json"
LOCK_FILE = "indexer.lock"


class IndexUnavailable(RuntimeError):
    """The index is missing or damaged and must be rebuilt before it is served."""


class IndexerBusy(RuntimeError):
    """Another process or thread holds the indexer lock."""


class IndexStore:
    """One index directory, shared by every process of a deployment."""

    def __init__(self, base_dir: str | os.PathLike[str]) -> None:
        self.base = Path(base_dir)
        self._local = threading.local()
        self._indexes: dict[str, FileIndex] = {}
        self._indexes_lock = threading.Lock()

    # Generations and the pointer

    def current_generation(self) -> str | None:
        """The generation named by ``CURRENT``, or None when there is none."""
        try:
            name = (self.base / POINTER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name or None

    def generation_dir(self, name: str) -> Path:
        return self.base / name

    def new_generation(self) -> tuple[str, FileIndex]:
        """Create an empty index in a fresh generation directory (not served yet)."""
        self.base.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        name = f"gen-{stamp}-{secrets.token_hex(3)}"
        directory = self.generation_dir(name)
        directory.mkdir()
        return name, whoosh_index.create_in(str(directory), build_schema())

    def swap_to(self, name: str) -> None:
        """Serve generation ``name`` from now on, atomically.

        The generation it replaces is kept until the next swap, so that a
        process that has just read the old pointer can still open it.
        """
        previous = self.current_generation()
        pointer = self.base / POINTER
        temporary = self.base / f".{POINTER}.{secrets.token_hex(4)}"
        temporary.write_text(name, encoding="utf-8")
        os.replace(temporary, pointer)
        self._remove_old_generations(keep={name, previous or name})

    def _remove_old_generations(self, keep: set[str]) -> None:
        for path in self.base.glob("gen-*"):
            if path.name not in keep and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)

    def open_index(self, name: str | None = None) -> FileIndex:
        """The Whoosh index of a generation (default: the current one)."""
        name = name or self.current_generation()
        if name is None:
            raise IndexUnavailable("no search index has been built")
        with self._indexes_lock:
            found = self._indexes.get(name)
            if found is None:
                directory = self.generation_dir(name)
                if not whoosh_index.exists_in(str(directory)):
                    raise IndexUnavailable(f"generation {name} is missing")
                found = whoosh_index.open_dir(str(directory))
                self._indexes = {name: found}
            return found

    # Integrity

    def write_manifest(self, name: str | None = None) -> None:
        """Record the size of every file of a generation, after a commit."""
        name = name or self.current_generation()
        if name is None:
            return
        directory = self.generation_dir(name)
        sizes = {
            path.name: path.stat().st_size
            for path in directory.iterdir()
            if path.is_file() and path.name != MANIFEST and not path.name.endswith("LOCK")
        }
        temporary = directory / f".{MANIFEST}.{secrets.token_hex(4)}"
        temporary.write_text(json.dumps(sizes, sort_keys=True), encoding="utf-8")
        os.replace(temporary, directory / MANIFEST)

    def verify(self) -> int:
        """Check that the current generation opens and reads back whole; return its doc count.

        Raises IndexUnavailable when it is missing, truncated or unreadable.
        """
        name = self.current_generation()
        if name is None:
            raise IndexUnavailable("no search index has been built")
        directory = self.generation_dir(name)
        manifest = directory / MANIFEST
        if not manifest.exists():
            raise IndexUnavailable(f"generation {name} has no manifest")
        for filename, size in json.loads(manifest.read_text(encoding="utf-8")).items():
            path = directory / filename
            if path.exists() and path.stat().st_size != size:
                raise IndexUnavailable(f"{filename} has {path.stat().st_size} bytes, not {size}")
        try:
            index = whoosh_index.open_dir(str(directory))
            with index.searcher() as searcher:
                reader = searcher.reader()
                for _ in reader.all_stored_fields():
                    pass
                for field in ("tier", "city", "name"):
                    for _ in reader.lexicon(field):
                        pass
                count = reader.doc_count()
        except Exception as error:
            raise IndexUnavailable(f"generation {name} cannot be read: {error!r}") from error
        return count

    # Reading

    def searcher(self) -> Any:
        """This thread's searcher on the current generation, refreshed if the index changed."""
        name = self.current_generation()
        local = self._local
        current = getattr(local, "searcher", None)
        if current is not None and getattr(local, "generation", None) == name:
            # Whoosh's own refresh() fails on an empty index and may bring back
            # merged-away segments; a fresh reader per index commit is cheap.
            if current.up_to_date():
                return current
        if current is not None:
            current.close()
            local.searcher = None
        index = self.open_index(name)
        local.searcher = index.searcher(weighting=TierBlendedBM25F())
        local.generation = name
        return local.searcher

    def close(self) -> None:
        """Close this thread's searcher."""
        current = getattr(self._local, "searcher", None)
        if current is not None:
            current.close()
            self._local.searcher = None

    # Writing

    @contextlib.contextmanager
    def indexer_lock(self, wait: float = 0.0) -> Iterator[None]:
        """Become the indexer for the duration of the block; IndexerBusy if someone else is.

        ``wait`` seconds are spent retrying before giving up.
        """
        self.base.mkdir(parents=True, exist_ok=True)
        handle = (self.base / LOCK_FILE).open("a+")
        deadline = time.monotonic() + wait
        try:
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise IndexerBusy("another indexer is running") from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        finally:
            handle.close()
