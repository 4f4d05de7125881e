"""The calling board: what it reads from the shared database, what it shows, and each call said once, in order."""

from __future__ import annotations

import asyncio
import shutil
import wave
from datetime import UTC, datetime, time

import numpy as np
import pytest
from textual.widgets import Static

from db.services import queue as queues
from db.services.queue_board import board_state
from devices.speech.announce import Announcer, call_words, counter_words, number_words, ticket_words
from kiosk.board.__main__ import parse_hours
from kiosk.board.app import BoardApp, muted
from kiosk.board.source import open_source

NOW = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)  # Monday 09:00 in Hà Nội


def _issue(database, prefix: str, n: int = 1, now: datetime | None = NOW) -> list[int]:
    ids = []
    with database.session() as s:
        queue = next(q for q in queues.list_queues(s, 1) if q.prefix == prefix)
        for _ in range(n):
            ids.append(queues.issue_ticket(s, site_id=1, queue_id=queue.id, now=now or datetime.now(UTC)).ticket_id)
    return ids


def _queue_id(database, prefix: str) -> int:
    with database.session() as s:
        return next(q.id for q in queues.list_queues(s, 1) if q.prefix == prefix)


# --- words ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "words"), [(0, "không"), (10, "mười"), (15, "mười lăm"), (21, "hai mươi mốt"),
                                          (24, "hai mươi tư"), (105, "một trăm linh năm"), (110, "một trăm mười")])
def test_counter_numbers_are_read_as_numbers(n, words):
    assert number_words(n) == words


def test_a_call_is_read_as_the_slip_is_printed():
    assert ticket_words("HT-004") == "hát tê, không không bốn"  # every zero said: it matches the slip digit by digit
    assert counter_words("Quầy 12") == "quầy số mười hai"
    assert call_words("HT-004", "Quầy 2") == "Mời khách hàng số hát tê, không không bốn, đến quầy số hai."
    assert call_words("TN-010", "Bàn tiếp đón") == "Mời khách hàng số tê en nờ, không một không, đến bàn tiếp đón."


def test_mute_hours():
    lunch = parse_hours("11:30-13:30")
    assert muted(datetime(2026, 12, 7, 5, 0, tzinfo=UTC), lunch)  # 12:00 in Hà Nội
    assert not muted(NOW, lunch)
    assert muted(datetime(2026, 12, 7, 16, 0, tzinfo=UTC), (time(22, 0), time(6, 0)))  # 23:00, over midnight
    with pytest.raises(Exception) as err:
        parse_hours("lunch")
    assert getattr(err.value, "code", "") == "BRD-001"


# --- the reading -----------------------------------------------------------------------------------------


def test_board_state_shows_calls_newest_first_and_who_waits(database):
    _issue(database, "HT", 3)
    _issue(database, "TN", 1)
    first = queues.call_next(database, _queue_id(database, "HT"), "Quầy 2", now=NOW)
    second = queues.call_next(database, _queue_id(database, "TN"), "Quầy 5", now=NOW.replace(minute=1))
    state = board_state(database, 1, now=NOW.replace(minute=2))
    assert [c.number for c in state.calls] == [second.number, first.number]
    assert state.calls[0].counter == "Quầy 5"
    waiting = {q.prefix: q.waiting for q in state.queues}
    assert waiting["HT"] == 2 and waiting["TN"] == 0
    only_ht = board_state(database, 1, queue_ids=[_queue_id(database, "HT")], now=NOW.replace(minute=2))
    assert [c.number for c in only_ht.calls] == [first.number] and [q.prefix for q in only_ht.queues] == ["HT"]
    assert board_state(database, 1, prefixes=["ht "], now=NOW.replace(minute=2)) == only_ht  # as kiosk-board --queues
    recalled = queues.recall(database, first.id)
    again = board_state(database, 1, now=NOW.replace(minute=3))
    assert recalled.id in {c.ticket_id for c in again.calls}
    assert next(c for c in again.calls if c.ticket_id == first.id).key == (first.id, 1)


# --- the app ---------------------------------------------------------------------------------------------


class _Words:
    """Records calls as the announcer would say them (the real one needs espeak-ng and a sound card)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def announce(self, number: str, counter: str) -> str:
        self.calls.append((number, counter))
        return call_words(number, counter)


async def _until(pilot, check, timeout: float = 5.0) -> None:  # noqa: ANN001
    for _ in range(int(timeout / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("board did not update in time")


async def test_the_board_follows_the_database_and_announces_each_new_call_once(sqlite_database):
    database = sqlite_database
    _issue(database, "HT", 3, now=None)  # today: the board shows today's calls
    queues.call_next(database, _queue_id(database, "HT"), "Quầy 1")  # before the board started: not announced
    words = _Words()
    app = BoardApp(open_source(database, "BD-HN-001"), words)
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: app.query_one("#board-now-number").text == "HT-001")
        assert words.calls == []
        called = queues.call_next(database, _queue_id(database, "HT"), "Quầy 2")
        await _until(pilot, lambda: words.calls == [(called.number, "Quầy 2")])
        assert app.query_one("#board-now-number").text == called.number == "HT-002"
        assert app.query_one("#board-now-counter").text == "2"
        assert "Mời đến Quầy" in str(app.query_one("#board-now-counter-label", Static).render())
        assert "HT-001" in str(app.query_one("#board-recent-list", Static).render())
        queues.recall(database, called.id)  # the citizen did not come: say it again
        await _until(pilot, lambda: len(words.calls) == 2)
        await asyncio.sleep(1.5)
        assert len(words.calls) == 2  # nothing said twice for the same call


def test_snapshot_board(snap_compare, sqlite_database):
    _issue(sqlite_database, "HT", 4, now=None)
    _issue(sqlite_database, "TN", 2, now=None)
    for counter in ("Quầy 1", "Quầy 3", "Quầy 2"):
        queues.call_next(sqlite_database, _queue_id(sqlite_database, "HT"), counter)
    app = BoardApp(open_source(sqlite_database, "BD-HN-001"), None)

    async def run_before(pilot) -> None:  # noqa: ANN001
        await _until(pilot, lambda: app.query_one("#board-now-number").text == "HT-003")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


# --- the voice ------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed (apt-get install espeak-ng)")
def test_a_call_becomes_a_chime_and_vietnamese_speech(tmp_path):
    from devices.speech import EspeakSpeaker

    announcer = Announcer(EspeakSpeaker(player=(), out_dir=tmp_path), tmp_path, player=None)
    words = announcer.announce("HT-004", "Quầy 2")
    assert announcer.wait_idle(20)
    assert announcer.said == [words]
    with wave.open(str(announcer.last_wav), "rb") as wav:
        rate, frames = wav.getframerate(), wav.readframes(wav.getnframes())
    samples = np.frombuffer(frames, dtype="<i2").astype(float)
    seconds = len(samples) / rate
    assert seconds > 2.5, seconds  # chime (0.9 s) + the sentence
    chime, speech = samples[: int(0.9 * rate)], samples[int(1.1 * rate):]
    assert np.abs(chime).max() > 5000 and np.sqrt((speech ** 2).mean()) > 300  # neither part is silent
