"""Atomic writes: a failed write never leaves a half-written or mixed set of files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

from courtgraph.errors import StoreError

__all__ = ["write_files", "write_text"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_files(contents: Mapping[str | os.PathLike[str], str]) -> list[Path]:
    """Write every text to its path, all or nothing.

    Each text goes to a temporary file beside its target, flushed to disk; only when all are
    written are they moved into place, so an error (disk full, permission) leaves every target
    as it was. Raises ``StoreError`` naming the file and the reason.
    """
    staged: list[tuple[Path, str]] = []
    for path in contents:
        if Path(path).is_dir():  # the one case where the final rename would fail: refuse up front
            raise StoreError(f"{path}: is a directory, cannot write a file there")
    try:
        for path, text in contents.items():
            target = Path(path)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            staged.append((target, tmp))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes private files; outputs are ordinary ones
    except OSError as exc:
        for _, tmp in staged:
            Path(tmp).unlink(missing_ok=True)
        where = exc.filename or (staged[-1][0] if staged else next(iter(contents), ""))
        raise StoreError(f"{where}: cannot write ({exc.strerror or exc})") from exc
    done = 0
    try:
        for target, tmp in staged:
            os.replace(tmp, target)  # a rename within one directory: atomic for each file
            done += 1
    except OSError as exc:
        for _, tmp in staged[done:]:
            Path(tmp).unlink(missing_ok=True)
        raise StoreError(f"{staged[done][0]}: cannot replace ({exc.strerror or exc})") from exc
    return [target for target, _ in staged]


def write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write one text file atomically; see :func:`write_files`."""
    return write_files({path: text})[0]
