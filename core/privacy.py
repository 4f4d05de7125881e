"""Personal-data helpers used on screens, paper and logs."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def mask_id(number: str) -> str:
    """Mask an ID number for screens and paper, keeping the first 4 and last 2 digits.

    >>> mask_id("001090123456")
    '0010******56'
    """
    number = (number or "").strip()
    if len(number) <= 6:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 6) + number[-2:]


def mask_phone(phone: str) -> str:
    """Mask a phone number, keeping the first 3 and last 3 digits (``091****567``)."""
    phone = (phone or "").strip()
    if len(phone) <= 6:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 6) + phone[-3:]


def safe_traceback(error: BaseException, *, limit: int = 12) -> str:
    """Describe an unexpected error for a log without personal data.

    Only the exception's type and where it was raised (file, line, function) are kept: its message and
    the frames' local variables may hold a citizen's ID number, name or address, so neither is written.

    Args:
        error: The exception.
        limit: How many innermost frames to keep.
    """
    import traceback

    frames = traceback.extract_tb(error.__traceback__)[-limit:]
    where = " <- ".join(f"{_short_path(f.filename)}:{f.lineno} in {f.name}" for f in reversed(frames))
    return f"{type(error).__module__}.{type(error).__qualname__} at {where or 'unknown place'}"


def _short_path(filename: str) -> str:
    parts = filename.replace("\\", "/").split("/")
    return "/".join(parts[-2:])


#: The process umask of every entry point: files 0600, folders 0700 (owner only).
PRIVATE_UMASK = 0o077
#: Names in ``data_dir`` the product writes (besides the folders below): the database and what sits next to it.
_DATA_FILES = ("kiosk.db", "kiosk.db-wal", "kiosk.db-shm", "kiosk.db-journal")
#: Folders in ``data_dir`` holding personal data or logs, tightened with everything in them.
_DATA_FOLDERS = ("scans", "print-jobs", "handover", "logs", "speech")


def private_files(data_dir: str | os.PathLike[str] | None = None) -> int:
    """Make everything this process writes private to its user; call first thing in every entry point.

    Sets the umask to 0o077 (new files 0600, new folders 0700: the database and its ``-wal``/``-shm``,
    scans, hand-over PDFs, print-job images, logs), then tightens what an earlier version left open in
    ``data_dir`` (:func:`tighten_data_dir`). Without ``data_dir`` the data folder of the default settings
    (``KIOSK_CONFIG``/``KIOSK_DATA_DIR``) is used when they load; a bad settings file is left for the
    command to report.

    Returns:
        The previous umask (tests restore it).
    """
    previous = os.umask(PRIVATE_UMASK)
    if data_dir is None:
        try:
            from core.settings import load_settings

            data_dir = load_settings().data_dir
        except Exception:  # noqa: BLE001 - the command itself reports a broken settings file, with its code
            return previous
    tighten_data_dir(data_dir)
    return previous


def tighten_data_dir(data_dir: str | os.PathLike[str]) -> int:
    """Close a data folder an earlier version (or a careless copy) left readable: folder 0700, files 0600.

    Only what this user owns is changed, only the data folder itself, the files the product names there
    (``kiosk.db`` and its companions, hidden markers ``.kiosk.db.*``) and the product's own folders
    (scans, print-jobs, handover, logs, speech) with their contents. Nothing else under a data folder
    pointed at a shared place (a home folder) is touched; a folder with the sticky bit (``/tmp``) is
    never narrowed. Symbolic links are not followed. Never raises.

    Returns:
        How many entries were narrowed.
    """
    root = Path(data_dir)
    changed = _narrow(root, 0o700, folder=True)
    if not root.is_dir() or root.is_symlink():
        return changed
    try:
        names = [p for p in root.iterdir() if p.name in _DATA_FILES or p.name.startswith(".kiosk.db.")]
    except OSError:
        names = []
    for path in names:
        changed += _narrow(path, 0o600)
    for name in _DATA_FOLDERS:
        folder = root / name
        if folder.is_symlink() or not folder.is_dir():
            continue
        changed += _narrow(folder, 0o700, folder=True)
        for base, dirs, files in os.walk(folder):  # os.walk does not follow links to folders
            for d in dirs:
                changed += _narrow(Path(base) / d, 0o700, folder=True)
            for f in files:
                changed += _narrow(Path(base) / f, 0o600)
    return changed


def _narrow(path: Path, mode: int, *, folder: bool = False) -> int:
    """Drop group/other permission bits of ``path`` (owned by us, not a link, not sticky); 1 when changed."""
    try:
        st = os.lstat(path)
    except OSError:
        return 0
    if stat.S_ISLNK(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & stat.S_ISVTX:
        return 0
    if folder != stat.S_ISDIR(st.st_mode) or not (stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode)):
        return 0
    if not stat.S_IMODE(st.st_mode) & 0o077:
        return 0
    try:
        os.chmod(path, stat.S_IMODE(st.st_mode) & mode)  # lstat said: not a link
    except OSError:
        return 0
    return 1


def make_private(path: str | os.PathLike[str]) -> bool:
    """Narrow one folder to 0700 or one file to 0600 when this user owns it (links, others' files, sticky
    folders left alone); True when it changed. Never raises."""
    target = Path(path)
    return bool(_narrow(target, 0o700, folder=True) or _narrow(target, 0o600))
