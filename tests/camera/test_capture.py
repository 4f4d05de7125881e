"""Tests for document capture on generated frames: page finding, straightening, blur, glare, PDF export."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from core.i18n import missing
from devices.camera import open_source
from devices.camera.synthetic import desk, document_scene
from devices.capture import (
    ADVICE,
    DocumentError,
    analyse_page,
    export_pdf,
    file_sha256,
    page_files,
    pages_hash,
    save_page,
)
from devices.capture.messages import ERRORS


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("angle, tilt", [(0, 0.0), (-9, 0.1), (15, 0.05), (25, 0.0)])
def test_sharp_skewed_page_is_ok(size, angle, tilt) -> None:
    frame, quad = document_scene(2, size=size, angle=angle, tilt=tilt)
    check = analyse_page(frame)
    assert check.ok and check.advice == [] and check.found
    assert np.abs(check.corners - quad).max() < 0.006 * size[0]
    h, w = check.page.shape[:2]
    assert h > w and h / w == pytest.approx(2**0.5, rel=0.01)  # straightened to A4 portrait


def test_straightened_page_is_upright() -> None:
    frame, _ = document_scene(1, angle=12, tilt=0.08)
    page = analyse_page(frame).page
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    rows = (gray < 128).mean(axis=1)
    h = len(rows)
    assert rows[: h // 8].sum() > 0 and rows[h // 8 : h // 4].sum() > 0  # heading and title at the top
    # the heading's ink sits in horizontal rows: a straight page has sharp row profiles
    assert rows.max() > 0.15


@pytest.mark.parametrize("size, sigma", [((1280, 720), 1.4), ((640, 480), 1.5), ((1920, 1080), 1.5), ((1280, 720), 2.5)])
def test_blurred_page_asks_for_retake(size, sigma) -> None:
    frame, _ = document_scene(1, size=size, angle=5, blur_sigma=sigma)
    check = analyse_page(frame)
    assert check.found and not check.ok and check.advice == ["too_blurry"]


@pytest.mark.parametrize("strength", [0.15, 1.5])
def test_glare_asks_for_retake(strength) -> None:
    frame, _ = document_scene(1, glare=strength)
    check = analyse_page(frame)
    assert check.advice == ["glare"] and check.glare > 0.015


def test_no_page_small_and_cut_off() -> None:
    for frame in (desk(), np.full((480, 640, 3), 70, np.uint8), np.full((480, 640), 250, np.uint8)):
        check = analyse_page(frame)
        assert not check.found and check.advice == ["no_page"] and check.page is None
    small, _ = document_scene(1, fill=0.45)
    assert analyse_page(small).advice[0] == "too_small"
    off, _ = document_scene(1, shift=(0.35, 0.0))
    assert "cut_off" in analyse_page(off).advice
    with pytest.raises(DocumentError) as err:
        analyse_page(np.zeros((10, 10), np.float32))
    assert err.value.code == "DOC-002"


def test_demo_document_scene_passes() -> None:
    src = open_source("demo:document", fps=0)
    check = analyse_page(src.read())
    assert check.ok, check.advice
    assert check.messages() == []


def test_save_pages_hash_and_pdf(tmp_path: Path) -> None:
    folder = tmp_path / "dossier" / "doc-1"
    paths = []
    for page_no in (1, 2):
        frame, _ = document_scene(page_no, size=(1920, 1080))
        paths.append(save_page(analyse_page(frame).page, folder))
    paths.append(save_page(analyse_page(frame).page, folder, fmt="png", gray=True))
    assert [p.name[:8] for p in paths] == ["page-001", "page-002", "page-003"]
    assert page_files(folder) == paths and (folder.stat().st_mode & 0o777) == 0o700
    assert paths[0].name[9:21] == file_sha256(paths[0])[:12]
    assert paths[0].stat().st_size < 150_000
    digest = pages_hash(paths)
    assert len(digest) == 64 and digest != pages_hash(paths[::-1]) and digest == pages_hash(map(str, paths))
    pdf = export_pdf(paths, tmp_path / "out" / "dossier.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.count(b"/MediaBox") == 3 and len(data) < 400_000
    assert export_pdf(paths, tmp_path / "again.pdf").read_bytes() == data  # deterministic (no date)


def test_export_errors(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as err:
        export_pdf([], tmp_path / "x.pdf")
    assert err.value.code == "DOC-001"
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"nope")
    for pages in ([bad], [tmp_path / "absent.jpg"]):
        with pytest.raises(DocumentError) as err:
            export_pdf(pages, tmp_path / "x.pdf")
        assert err.value.code == "DOC-003"
    with pytest.raises(DocumentError):
        save_page(np.zeros((0, 0), np.uint8), tmp_path)


def test_messages_translated() -> None:
    assert missing("devices", list(ADVICE.values()) + list(ERRORS.values())) == []


def test_empty_or_truncated_page_files_and_odd_channel_counts_are_document_errors(tmp_path: Path) -> None:
    """A page file left empty by a full disk, or a 2-channel frame, gives a DOC code, never a cv2.error."""
    empty, truncated = tmp_path / "page-001-000000000000.jpg", tmp_path / "page-002-000000000000.jpg"
    empty.write_bytes(b"")
    truncated.write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 20)
    for page in (empty, truncated):
        with pytest.raises(DocumentError) as err:
            export_pdf([page], tmp_path / "out.pdf")
        assert err.value.code == "DOC-003"
    with pytest.raises(DocumentError) as err:
        analyse_page(np.zeros((100, 100, 2), np.uint8))
    assert err.value.code == "DOC-002"
    with pytest.raises(DocumentError) as err:
        save_page(np.zeros((10, 10, 2), np.uint8), tmp_path / "doc")
    assert err.value.code == "DOC-002"
    saved = save_page(np.zeros((40, 30, 4), np.uint8), tmp_path / "doc", gray=True)
    assert cv2.imread(str(saved), cv2.IMREAD_UNCHANGED).ndim == 2
    assert not analyse_page(np.zeros((100, 100, 1), np.uint8)).found
