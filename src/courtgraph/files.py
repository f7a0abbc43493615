"""Atomic writes: a failed write never leaves a half-written or mixed set of files.

Every temporary file is named ``.<target>.<pid>.<random>.tmp`` and every scratch folder
``courtgraph-build-<pid>-<random>``, after the process that made it. A process killed with
``kill -9`` cannot remove them; :func:`remove_stale` removes those whose process is gone,
and never one of a process still running.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from courtgraph.errors import StoreError

__all__ = ["write_files", "write_text", "staged_files", "staged_folder", "scratch_dir", "remove_stale"]

_SCRATCH_PREFIX = "courtgraph-build-"
_STALE_TEMPORARY = re.compile(r"^\..+\.(\d+)\.[A-Za-z0-9_]+\.tmp$")
_STALE_SCRATCH = re.compile(rf"^{_SCRATCH_PREFIX}(\d+)-[A-Za-z0-9_]+$")


def _temporary_beside(target: Path) -> tuple[int, str]:
    """A new temporary file in the target's folder; an error names the folder, not the file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp")
    except OSError as exc:
        raise StoreError(f"{target.parent}: cannot write in this folder ({exc.strerror or exc})") from exc


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive, and not ours to judge
    return True


def remove_stale(folder: Path, *, scratch: bool = False) -> list[Path]:
    """Remove what killed courtgraph processes left in ``folder``; returns what was removed.

    With ``scratch``, the folder is the system temp folder and the leftovers are scratch
    folders; otherwise they are hidden temporary files beside outputs. Only names this
    module makes, owned by this user, whose process no longer runs, are touched.
    """
    pattern = _STALE_SCRATCH if scratch else _STALE_TEMPORARY
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = pattern.match(entry.name)
        if found is None or int(found.group(1)) == os.getpid() or _alive(int(found.group(1))):
            continue
        try:
            if entry.stat(follow_symlinks=False).st_uid != os.getuid():
                continue
            if scratch and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            elif not scratch and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
            elif not scratch and entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)  # a staged folder (staged_folder) of a killed build
            else:
                continue
        except OSError:
            continue  # removed meanwhile by another build, or not ours to remove: leave it
        removed.append(Path(entry.path))
    return removed


@contextmanager
def scratch_dir() -> Iterator[Path]:
    """A scratch folder in the system temp folder, removed afterwards (see :func:`remove_stale`)."""
    with tempfile.TemporaryDirectory(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-") as folder:
        yield Path(folder)


def stat_key(path: str | os.PathLike[str]) -> list[int] | None:
    """A file's size and modification time in nanoseconds (None when it is not there): what a
    build records of an output it wrote, to know it unchanged without reading it."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return [found.st_size, found.st_mtime_ns]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_files(contents: Mapping[str | os.PathLike[str], str | bytes], *, sync: bool = True) -> list[Path]:
    """Write every text (or bytes, as they are) to its path, all or nothing.

    Each goes to a temporary file beside its target, flushed to disk; only when all are
    written are they moved into place, so an error (disk full, permission) leaves every target
    as it was. Raises ``StoreError`` naming the file and the reason. Without ``sync`` the
    files are not flushed to disk before the move: for files whose reader checks them against
    a digest they hold (the cache's entries), which a crash can at worst leave to be rebuilt.
    """
    staged: list[tuple[Path, str]] = []
    for path in contents:
        if Path(path).is_dir():  # the one case where the final rename would fail: refuse up front
            raise StoreError(f"{path}: is a directory, cannot write a file there")
    try:
        for path, text in contents.items():
            target = Path(path)
            fd, tmp = _temporary_beside(target)
            staged.append((target, tmp))
            with os.fdopen(fd, "wb") if isinstance(text, bytes) else os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)  # type: ignore[arg-type]  # bytes to a binary file, text to a text file
                handle.flush()
                if sync:
                    os.fsync(handle.fileno())
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes private files; outputs are ordinary ones
    except BaseException as exc:  # (a text that cannot be encoded too: no temporary file is left)
        for _, tmp in staged:
            Path(tmp).unlink(missing_ok=True)
        if not isinstance(exc, OSError) or isinstance(exc, StoreError):
            raise
        # name the target, never the hidden temporary file the user did not ask for
        where = staged[-1][0] if staged else next(iter(contents), "")
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


def write_text(path: str | os.PathLike[str], text: str | bytes, *, sync: bool = True) -> Path:
    """Write one file atomically, text or bytes; see :func:`write_files`."""
    return write_files({path: text}, sync=sync)[0]


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
            fd, tmp = _temporary_beside(target)
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
            temporaries = {str(t): target for target, t in staged.items()}
            where = temporaries.get(str(exc.filename), exc.filename) or next(iter(staged), "")
            raise StoreError(f"{where}: cannot write ({exc.strerror or exc})") from exc
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


@contextmanager
def staged_folder(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A new empty folder beside ``target``, put in its place when the block succeeds.

    For outputs that are folders (the built store). When the block raises, the staged folder
    is removed and ``target`` is left as it was. On success the old folder is moved aside, the
    new one renamed into place and the old one removed; should the second rename fail, the old
    folder is put back. Both folders are named like :func:`staged_files`' temporary files, so
    :func:`remove_stale` removes what a killed build left.
    """
    final = Path(target)
    if final.exists() and not final.is_dir():
        raise StoreError(f"{final}: is a file, cannot write a folder there")
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.{os.getpid()}.", suffix=".tmp"))
        os.chmod(staged, 0o777 & ~_umask())
    except OSError as exc:
        raise StoreError(f"{final.parent}: cannot write in this folder ({exc.strerror or exc})") from exc
    try:
        yield staged
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    old = final.parent / f".{final.name}.{os.getpid()}.old.tmp"
    try:
        if final.exists():
            os.replace(final, old)
        try:
            os.replace(staged, final)
        except OSError:
            if old.exists():
                os.replace(old, final)
            raise
    except OSError as exc:
        shutil.rmtree(staged, ignore_errors=True)
        raise StoreError(f"{final}: cannot replace ({exc.strerror or exc})") from exc
    shutil.rmtree(old, ignore_errors=True)
