"""Writing files so that a failure never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .core.errors import BrieferError
from .core.projectfile import protected_target


def _read_umask() -> int:
    """The process's umask, read once at import: from /proc/self/status where there is one
    (nothing changes), else by setting and resetting it (process-wide: done here, at import,
    never later while other threads may be creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: What a new file's mode loses (``0o666 & ~UMASK`` is the mode ``open()`` would give).
UMASK = _read_umask()


def refuse_protected(target: str | os.PathLike) -> None:
    """Raise if ``target`` is a Briefer project or one of its SQLite files (-wal, -shm,
    -journal): no export, backup or brief may ever write over those."""
    reason = protected_target(Path(target))
    if reason:
        raise BrieferError(reason)


@contextmanager
def atomic_path(target: str | os.PathLike, suffix: str = ""):
    """Yield a temporary path next to ``target``; move it into place only if the block succeeds.

    The file gets the mode any new file gets (0o666 less the umask), not mkstemp's private
    0o600: exports are made to be handed on (backups stay private: see ``Project.backup``)."""
    target = Path(target)
    refuse_protected(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=suffix or target.suffix,
                                   dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise BrieferError(f"Cannot write to {target.parent}: {exc.strerror or exc}.") from exc
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~UMASK)
        os.replace(tmp, target)
    except OSError as exc:
        raise BrieferError(f"Cannot write {target}: {exc.strerror or exc}.") from exc
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_atomic(target: str | os.PathLike, data: bytes) -> Path:
    with atomic_path(target) as tmp, open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return Path(target)
