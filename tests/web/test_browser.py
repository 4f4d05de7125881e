"""`kiosk serve --demo` in Debian's Chromium at 1280x800: local fonts, correct Vietnamese, taps, restarts, privacy."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
import unicodedata
from urllib.parse import urlsplit

from tests.web.conftest import ARTIFACTS
from tests.web.screen import lines, shot, tap_text, wait_for_text

WELCOME = ("Nộp hồ sơ", "Lấy số thứ tự", "Tra cứu hồ sơ", "Gọi nhân viên hỗ trợ", "Quý khách")


def _open(page, served) -> list[str]:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served.url)
    wait_for_text(page, "Lấy số thứ tự")
    return requested


def test_nothing_is_requested_from_another_host_and_the_font_is_the_served_one(page, served):
    requested = _open(page, served)
    served_at = urlsplit(served.url).netloc
    assert requested and {urlsplit(url).netloc for url in requested} == {served_at}, requested
    faces = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Kiosk Mono" in face for face in faces), faces
    assert "Kiosk Mono" in page.evaluate("window.kioskTerminal.terminal.options.fontFamily")
    assert page.evaluate("document.fonts.check('16px \"Kiosk Mono\"', 'Lấy số thứ tự')")
    # No start splash: the kiosk is drawn without any click.
    assert page.evaluate("document.body.classList.contains('-first-byte')")


def test_welcome_vietnamese_reads_back_right(page, served):
    _open(page, served)
    text = "\n".join(lines(page))
    assert text == unicodedata.normalize("NFC", text)
    for label in WELCOME:
        assert label in text, label
    shot(page, "welcome", ARTIFACTS)


def test_a_citizen_taps_for_a_queue_number_and_it_prints(page, served):
    _open(page, served)
    tap_text(page, "Lấy số thứ tự")
    wait_for_text(page, "Chọn lĩnh vực")
    shot(page, "ticket-fields", ARTIFACTS)
    before = set(served.jobs_dir.glob("*.png")) if served.jobs_dir.exists() else set()
    tap_text(page, "Tiếp nhận chung")
    deadline = time.monotonic() + 20
    while not (set(served.jobs_dir.glob("*.png")) - before if served.jobs_dir.exists() else set()):
        assert time.monotonic() < deadline, "no ticket reached the virtual printer\n" + "\n".join(lines(page))
        time.sleep(0.3)
    shot(page, "ticket-done", ARTIFACTS)


def test_killed_kiosk_comes_back_on_the_same_page_within_ten_seconds(page, served):
    _open(page, served)
    [pid] = served.kiosk_pids()
    os.kill(pid, signal.SIGKILL)
    started = time.monotonic()
    deadline = started + 10
    while True:
        pids = served.kiosk_pids()
        if pids and pids != [pid] and any("Lấy số thứ tự" in line for line in lines(page)):
            break
        assert time.monotonic() < deadline, "the welcome screen did not come back within 10 s"
        time.sleep(0.2)
    assert served.process.poll() is None


def test_reload_mid_flow_keeps_nothing_and_shows_welcome(page, served):
    _open(page, served)
    tap_text(page, "Nộp hồ sơ")
    wait_for_text(page, "thủ tục")
    [first] = served.kiosk_pids()
    page.reload()
    wait_for_text(page, "Lấy số thứ tự")
    deadline = time.monotonic() + 10
    while served.kiosk_pids() != [p for p in served.kiosk_pids() if p != first] or len(served.kiosk_pids()) != 1:
        assert time.monotonic() < deadline, "the old kiosk process is still running"
        time.sleep(0.2)
    with sqlite3.connect(served.data_dir / "kiosk.db") as db:
        assert db.execute("SELECT count(*) FROM dossiers").fetchone() == (0,)
    scans = served.data_dir / "scans"
    assert not scans.exists() or not any(scans.iterdir())


def test_a_second_tab_takes_the_kiosk_over_and_the_first_stops(browser, page, served):
    _open(page, served)
    [first] = served.kiosk_pids()
    other = page.context.new_page()
    other.goto(served.url)
    wait_for_text(other, "Lấy số thứ tự")
    page.wait_for_function("document.body.classList.contains('-taken-over')", timeout=10_000)
    assert "cửa sổ khác" in page.inner_text("#taken-over")
    deadline = time.monotonic() + 10
    while (pids := served.kiosk_pids()) and first in pids:
        assert time.monotonic() < deadline, "the first page's kiosk process still runs"
        time.sleep(0.2)
    assert len(served.kiosk_pids()) == 1
    time.sleep(2)  # the stopped page must not reconnect and steal the kiosk back
    assert page.evaluate("document.body.classList.contains('-taken-over')")
    wait_for_text(other, "Lấy số thứ tự")


def test_large_text_is_one_tap_away_and_really_larger(page, served):
    _open(page, served)
    size = "[window.kioskTerminal.terminal.cols, window.kioskTerminal.terminal.rows]"
    cols, rows = page.evaluate(size)
    tap_text(page, "Chữ to")
    wait_for_text(page, "Chữ thường")
    big_cols, big_rows = page.evaluate(size)
    assert cols / big_cols >= 1.4 and rows / big_rows >= 1.4, (cols, rows, big_cols, big_rows)
    wait_for_text(page, "Lấy số thứ tự")  # every choice still there, drawn bigger
    shot(page, "welcome-large-text", ARTIFACTS)
    tap_text(page, "Chữ thường")
    wait_for_text(page, "Chữ to")
    assert page.evaluate(size) == [cols, rows]


def _capture_one_page(page) -> None:
    """Hold the page before the camera and tap until it is taken (the demo camera also shows a card and a slip)."""
    deadline = time.monotonic() + 40
    while not any("Đã chụp 1 trang" in line for line in lines(page)):
        assert time.monotonic() < deadline, "no page captured\n" + "\n".join(lines(page))
        label = "Chụp lại" if any("Chụp lại" in line for line in lines(page)) else "Chụp trang này"
        tap_text(page, label, last=True)
        time.sleep(1.0)


def test_a_citizen_submits_a_dossier_with_the_demo_camera(page, served):
    _open(page, served)
    tap_text(page, "Nộp hồ sơ")
    wait_for_text(page, "Gõ tên thủ tục")
    page.keyboard.type("khai sinh")
    wait_for_text(page, "Đăng ký lại khai sinh")
    shot(page, "search", ARTIFACTS)
    tap_text(page, "Đăng ký khai sinh")
    tap_text(page, "Nộp hồ sơ", last=True)  # on the procedure screen
    tap_text(page, "Tôi đồng ý", last=True)  # the button, not the notice that names it
    tap_text(page, "Tôi không có số di động", timeout=40)  # the demo camera's card was read
    tap_text(page, "Chụp", row_with="Bản sao: 0")
    _capture_one_page(page)
    tap_text(page, "Xong", last=True)
    tap_text(page, "Nộp tại quầy", row_with="Bản sao: 0", nth=1)
    tap_text(page, "Tiếp tục", last=True)
    tap_text(page, "Nhận tại quầy của điểm phục vụ này")
    wait_for_text(page, "Kiểm tra và gửi hồ sơ")
    tap_text(page, "Gửi hồ sơ", last=True)
    wait_for_text(page, "Mã hồ sơ", timeout=30)
    shot(page, "done", ARTIFACTS)
    with sqlite3.connect(served.data_dir / "kiosk.db") as db:
        rows = db.execute("SELECT reference, applicant_name FROM dossiers").fetchall()
        scans = db.execute("SELECT count(*) FROM dossier_documents WHERE scan_path IS NOT NULL").fetchone()
    assert len(rows) == 1 and rows[0][1] == "Nguyễn Văn An"
    assert scans == (1,)
    screen = "\n".join(lines(page))
    assert rows[0][0].split("-", 1)[1][:6] in screen.replace("-", "")  # the printed reference is on screen
