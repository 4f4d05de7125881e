"""Data at rest (issue 11): every entry point runs under umask 077 and narrows an old, open data folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.privacy import PRIVATE_UMASK, private_files, tighten_data_dir

ROOT = Path(__file__).resolve().parents[1]


def _loose_data_dir(root: Path) -> dict[str, Path]:
    """A data folder as an earlier version left it: everything 0755/0644."""
    paths = {
        "db": root / "kiosk.db", "wal": root / "kiosk.db-wal", "marker": root / ".kiosk.db.installed",
        "scan": root / "scans" / "s-1" / "page-001.jpg", "job": root / "print-jobs" / "job-0001.png",
        "pdf": root / "handover" / "000.00.16.H36-260302-0001.pdf", "log": root / "logs" / "kiosk.log",
        "other": root / "notes.txt",
    }
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
        path.chmod(0o644)
    for folder in (root, root / "scans", root / "scans" / "s-1", root / "print-jobs", root / "handover", root / "logs"):
        folder.chmod(0o755)
    return paths


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_tighten_narrows_the_products_files_only(tmp_path: Path) -> None:
    root = tmp_path / "data"
    paths = _loose_data_dir(root)
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours to change")
    outside.chmod(0o644)
    (root / "scans" / "link").symlink_to(outside)

    assert tighten_data_dir(root) >= 10
    assert _mode(root) == _mode(root / "scans" / "s-1") == _mode(root / "print-jobs") == 0o700
    for name in ("db", "wal", "marker", "scan", "job", "pdf", "log"):
        assert _mode(paths[name]) == 0o600, name
    assert _mode(paths["other"]) == 0o644  # not a file the product names: left alone
    assert _mode(outside) == 0o644  # a link is never followed
    assert tighten_data_dir(root) == 0  # nothing left to do


def test_tighten_never_narrows_a_shared_sticky_folder(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    tighten_data_dir(shared)
    assert shared.stat().st_mode & 0o7777 == 0o1777


def test_private_files_sets_umask_077(tmp_path: Path) -> None:
    previous = private_files(tmp_path)
    try:
        assert os.umask(PRIVATE_UMASK) == PRIVATE_UMASK
        (tmp_path / "new.txt").write_text("x")
        (tmp_path / "new-folder").mkdir()
        assert _mode(tmp_path / "new.txt") == 0o600 and _mode(tmp_path / "new-folder") == 0o700
    finally:
        os.umask(previous)


@pytest.mark.parametrize("module", ["devices.cli", "admin_tui.cli", "kiosk"])
def test_every_entry_point_is_private_before_it_parses_a_flag(tmp_path: Path, module: str) -> None:
    root = tmp_path / "data"
    paths = _loose_data_dir(root)
    (tmp_path / "kiosk.toml").write_text(f"data_dir = \"{root}\"\n")
    env = {**os.environ, "KIOSK_CONFIG": str(tmp_path / "kiosk.toml")}
    probe = (f"import os, sys; sys.argv = ['x', '--help']; import {module} as m; "
             "main = getattr(m, 'main', None) or __import__(m.__name__ + '.__main__', fromlist=['main']).main\n"
             "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "print(oct(os.umask(0)))")
    out = subprocess.run([sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=120, check=True).stdout
    assert out.strip().splitlines()[-1] == "0o77"
    assert _mode(root) == 0o700 and _mode(paths["db"]) == 0o600 and _mode(paths["scan"]) == 0o600
