"""Writing reports: all or nothing, with a one-line DriftError for every way a write can fail.

A report goes to a temporary file in the destination folder that is renamed over the target,
so a crash, Ctrl-C or a full disk never leaves half a report (and no temporary file either).
The report gets the permissions any new file of the user gets (``0o666`` minus the umask), or
keeps those of the file it replaces. A target that is not a regular file (``/dev/stdout``,
``/dev/null``, a named pipe) cannot be renamed over and is written directly.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from drift.errors import DriftError

# What a new file gets before the umask: read and write for everyone, as open() and shells do.
_NEW_FILE_MODE = 0o666


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on device"
    if exc.errno == errno.EDQUOT:
        return "disk quota exceeded"
    if exc.errno == errno.EFBIG:
        return "file too large for this system"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return (exc.strerror or str(exc)).lower()


def _umask() -> int:
    """The process umask: from /proc on Linux, else by setting it and setting it straight back
    (which another thread could observe for an instant)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _special(path: str | os.PathLike[str]) -> bool:
    """An existing target that is neither a regular file nor a folder (links followed)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def check_output(path: str | os.PathLike[str]) -> Path:
    """Fail fast, before any work, when a report could not be written to ``path``.

    Returns the path a report will actually be written to: a regular file's links resolved (the
    report replaces the file a link points to, not the link); a device or pipe as given
    (``/dev/stdout`` resolves to a pipe that has no path).
    """
    if _special(path):
        if not os.access(path, os.W_OK):
            raise DriftError(f"cannot write {path}: permission denied")
        return Path(path)
    target = Path(os.path.realpath(path))
    if target.is_dir():
        raise DriftError(f"output path is a directory: {path}")
    folder = target.parent
    if not folder.is_dir():
        raise DriftError(f"output folder does not exist: {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DriftError(f"cannot write to the output folder {folder}: permission denied")
    return target


def write_atomic(path: str | os.PathLike[str], content: str) -> None:
    """Write ``content`` (UTF-8) to ``path`` entirely or not at all; failures are DriftErrors."""
    target = check_output(path)
    if _special(target):
        _write_special(path, target, content)
        return
    data = content.encode("utf-8")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)  # replacing a report keeps its permissions
    except FileNotFoundError:
        mode = _NEW_FILE_MODE & ~_umask()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise DriftError(f"cannot write to the output folder {target.parent}: {_reason(exc)}") from None
    try:
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())  # a full disk shows here at the latest, not after the rename
            # mkstemp creates the file 0600; without this the report would stay private.
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except OSError as exc:
            raise DriftError(f"cannot write {path}: {_reason(exc)}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_special(path: str | os.PathLike[str], target: Path, content: str) -> None:
    """A device or named pipe: written in place (renaming over it would replace the device)."""
    try:
        # O_NONBLOCK so that a named pipe nobody reads fails at once instead of hanging.
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise DriftError(f"cannot write {path}: nothing is reading from it") from None
        raise DriftError(f"cannot write {path}: {_reason(exc)}") from None
    try:
        os.set_blocking(fd, True)
        with os.fdopen(fd, "wb") as fh:
            fh.write(content.encode("utf-8"))
    except OSError as exc:
        raise DriftError(f"cannot write {path}: {_reason(exc)}") from None


def write_stdout(content: str) -> None:
    """Write to standard output; a full device or a closed pipe becomes a DriftError."""
    try:
        sys.stdout.write(content)
        sys.stdout.flush()
    except OSError as exc:
        # The interpreter flushes stdout again at exit and would print a second error: point the
        # descriptor at /dev/null so that flush succeeds silently (as the Python docs advise).
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass
        if isinstance(exc, BrokenPipeError):
            raise DriftError("standard output was closed before the report was written") from None
        raise DriftError(f"cannot write to standard output: {_reason(exc)}") from None


__all__ = ["check_output", "write_atomic", "write_stdout"]
