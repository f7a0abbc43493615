"""Atomic writes: a failed write never leaves a half-written or mixed set of files."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from courtgraph.errors import StoreError

__all__ = ["write_files", "write_text", "staged_files"]


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


@contextmanager
def staged_files(targets: Sequence[str | os.PathLike[str]]) -> Iterator[dict[Path, Path]]:
    """Temporary paths beside ``targets``, moved into place together when the block succeeds.

    For outputs too large to hold as one string: the caller streams into the temporary
    paths. When the block raises, every temporary file is removed and no target changes. A
    temporary file the caller deletes leaves its target as it was.
    """
    staged: dict[Path, Path] = {}
    try:
        for path in targets:
            target = Path(path)
            if target.is_dir():
                raise StoreError(f"{target}: is a directory, cannot write a file there")
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            os.close(fd)
            os.chmod(tmp, 0o666 & ~_umask())
            staged[target] = Path(tmp)
        yield staged
        for temporary in staged.values():
            if temporary.exists():
                with open(temporary, "rb") as handle:
                    os.fsync(handle.fileno())
    except BaseException as exc:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError) and not isinstance(exc, StoreError):
            raise StoreError(f"{exc.filename or next(iter(staged), '')}: cannot write ({exc.strerror or exc})") from exc
        raise
    done = 0
    items = [(target, temporary) for target, temporary in staged.items() if temporary.exists()]
    try:
        for target, temporary in items:
            os.replace(temporary, target)
            done += 1
    except OSError as exc:
        for _, temporary in items[done:]:
            temporary.unlink(missing_ok=True)
        raise StoreError(f"{items[done][0]}: cannot replace ({exc.strerror or exc})") from exc
