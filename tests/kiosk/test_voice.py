"""Voice guidance in the kiosk: each screen's instruction is said in order, mute, session end, voice off."""

from __future__ import annotations

import asyncio
import shutil
import unicodedata
from types import SimpleNamespace

import pytest
from sqlalchemy import update
from textual.widgets import Button

from core.i18n import gettext, missing
from db import models as m
from devices.speech import FakeSpeaker, SpeechState, wav_seconds
from kiosk.messages import DOMAIN
from tests.fixtures.kiosk_app import settle

SIZE = (120, 40)
WELCOME = "Xin mời Quý khách chọn việc cần làm."
SEARCH = "Xin mời Quý khách chọn thủ tục cần làm, hoặc gõ tên thủ tục để tìm."
PROCEDURE = "Xin mời Quý khách xem các giấy tờ cần chuẩn bị cho thủ tục này."
CONSENT = "Quý khách vui lòng đọc thông báo, rồi chạm Tôi đồng ý để tiếp tục."


def _voiced(kiosk_app_factory, **settings):
    speaker = FakeSpeaker()
    return kiosk_app_factory(speaker=speaker, **{"voice_guidance": True, **settings}), speaker


async def _open_procedure(app, pilot, code: str = "1.001193") -> None:
    """Welcome → search → the procedure's detail, by taps."""
    await pilot.click("#choice-submit")
    await settle(app, pilot)
    await pilot.press(*"khai sinh")
    await settle(app, pilot)
    result = next(b for b in app.screen.query(".result").results(Button) if b.value == code and b.display)
    await pilot.click(result)
    await settle(app, pilot)
    assert type(app.screen).__name__ == "ProcedureScreen"


def _toggle(app) -> Button:
    return app.screen.query_one("#voice-toggle", Button)


async def test_each_screen_says_its_instruction_in_order(kiosk_app_factory):
    app, speaker = _voiced(kiosk_app_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert speaker.said == []  # start-up: nobody is there yet
        await _open_procedure(app, pilot)
        assert speaker.said == [SEARCH, PROCEDURE]
        assert {u.language for u in speaker.utterances} == {"vi"}
        await pilot.click("#start-submission")  # → consent
        await settle(app, pilot)
        assert speaker.said[-1] == CONSENT
        await pilot.click("#back")
        await settle(app, pilot)
        assert speaker.said[-1] == PROCEDURE  # back on a screen: its instruction again
        await pilot.click("#home")
        await settle(app, pilot)
        assert speaker.said == [SEARCH, PROCEDURE, CONSENT, PROCEDURE, WELCOME]


async def test_typing_and_panel_swaps_do_not_repeat_the_instruction(kiosk_app_factory):
    app, speaker = _voiced(kiosk_app_factory)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await settle(app, pilot)
        await pilot.press(*"khai")
        app.note_screen_change()  # what a panel swap on the same screen does
        await settle(app, pilot)
        assert speaker.said == [SEARCH]


async def test_the_mute_button_stops_speech_until_the_session_ends(kiosk_app_factory):
    app, speaker = _voiced(kiosk_app_factory)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        button = _toggle(app)
        assert button.display and not button.can_focus and button.region.height >= 3
        assert str(button.label) == "Tắt tiếng"
        await pilot.click("#choice-submit")
        await settle(app, pilot)
        await pilot.click("#voice-toggle")
        await pilot.pause()
        assert app.voice.muted and speaker.stops == 1  # what was being said stops at once
        assert str(_toggle(app).label) == "Bật tiếng"
        said = list(speaker.said)
        await pilot.press(*"khai sinh")
        await settle(app, pilot)
        result = next(b for b in app.screen.query(".result").results(Button) if b.value == "1.001193" and b.display)
        await pilot.click(result)
        await settle(app, pilot)
        assert speaker.said == said  # muted: the procedure screen says nothing
        assert str(_toggle(app).label) == "Bật tiếng"  # the new screen's header shows the same choice
        await pilot.click("#voice-toggle")  # sound back on: the current instruction is said again
        await pilot.pause()
        assert speaker.said == [*said, PROCEDURE] and not app.voice.muted
        await pilot.click("#voice-toggle")
        await pilot.click("#home")  # the citizen's session ends: the next person hears the kiosk
        await settle(app, pilot)
        assert not app.voice.muted and str(_toggle(app).label) == "Tắt tiếng"
        assert speaker.said[-1] == WELCOME


async def _wait_for_screen(app, name: str) -> None:
    for _ in range(60):
        if type(app.screen).__name__ == name:
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"{name} did not come (now {type(app.screen).__name__})")


async def test_idle_reset_unmutes_and_says_nothing_to_an_empty_room(kiosk_app_factory):
    app, speaker = _voiced(kiosk_app_factory)
    async with app.run_test(size=SIZE) as pilot:
        await _open_procedure(app, pilot)
        await pilot.click("#voice-toggle")
        await pilot.pause()
        assert app.voice.muted
        app.ctx.settings = app.ctx.settings.with_(idle_timeout_s=1, idle_countdown_s=1)  # the citizen walks away
        count = len(speaker.said)
        await _wait_for_screen(app, "IdleScreen")  # nobody answers "still there?"
        await _wait_for_screen(app, "WelcomeScreen")
        await settle(app, pilot)
        assert not app.voice.muted and str(_toggle(app).label) == "Tắt tiếng"
        assert len(speaker.said) == count  # nobody is there: Welcome is not announced
        await pilot.click("#choice-submit")  # the next citizen is heard again
        await settle(app, pilot)
        assert speaker.said[-1] == SEARCH


async def test_voice_off_says_nothing_and_hides_the_button(kiosk_app_factory):
    speaker = FakeSpeaker()
    app = kiosk_app_factory(speaker=speaker)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert not _toggle(app).display
        await _open_procedure(app, pilot)
        assert not _toggle(app).display
        assert speaker.said == [] and app.voice.state == "off"


async def test_the_site_flag_turns_voice_on(kiosk_app_factory, sqlite_database):
    with sqlite_database.session() as s:
        s.execute(update(m.Site).where(m.Site.code == "BD-HN-001").values(voice_guidance=True))
    speaker = FakeSpeaker()
    app = kiosk_app_factory(speaker=speaker)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert app.site.voice_guidance and _toggle(app).display
        await pilot.click("#choice-submit")
        await settle(app, pilot)
        assert speaker.said == [SEARCH]


async def test_english_kiosk_speaks_english(kiosk_app_factory):
    app, speaker = _voiced(kiosk_app_factory)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#lang-toggle")
        await pilot.click("#choice-submit")
        await settle(app, pilot)
        assert speaker.utterances[-1].text == gettext(DOMAIN, SEARCH, lang="en")
        assert speaker.utterances[-1].language == "en"
        assert str(_toggle(app).label) == "Mute"


async def test_a_missing_engine_hides_the_button_and_never_fails(kiosk_app_factory, tmp_path):
    app = kiosk_app_factory(voice_guidance=True, speech_command=str(tmp_path / "no-such-espeak"))
    async with app.run_test(size=SIZE) as pilot:
        await _open_procedure(app, pilot)
        assert app.voice.state == SpeechState.NO_ENGINE
        assert not _toggle(app).display


@pytest.mark.skipif(shutil.which("espeak-ng") is None,
                    reason="espeak-ng is not installed (apt-get install espeak-ng; setup.sh --test installs it)")
async def test_real_engine_makes_the_audio_of_each_screen(kiosk_app_factory):
    app = kiosk_app_factory(voice_guidance=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#choice-submit")
        await settle(app, pilot)
        speaker = app.voice.speaker
        assert await asyncio.to_thread(speaker.wait_idle, 10)
        wav = speaker.last_wav
        assert wav is not None and wav.parent == app.ctx.settings.data_dir / "speech"
        assert wav.read_bytes()[:4] == b"RIFF" and wav_seconds(wav) > 1.0
        assert speaker.recent[-1].utterance.text == SEARCH
    assert speaker._thread is None or not speaker._thread.is_alive()  # closed with the app


def test_every_main_screen_has_a_short_translated_instruction():
    from kiosk.screens import (consent, documents, done, id_card, lookup, phone, procedure, rating,
                               return_method, review, search, ticket_only, welcome)

    screens = [welcome.WelcomeScreen, search.SearchScreen, procedure.ProcedureScreen, consent.ConsentScreen,
               id_card.IdCardScreen, phone.PhoneScreen, documents.DocumentsScreen,
               return_method.ReturnMethodScreen, review.ReviewScreen, done.DoneScreen,
               ticket_only.TicketOnlyScreen, lookup.LookupScreen, rating.RatingScreen]
    texts = set()
    for screen in screens:
        for panel in ("scan", "confirm"):
            text = screen.spoken_instruction(SimpleNamespace(panel=panel))
            assert text and len(text) < 100 and unicodedata.normalize("NFC", text) == text, screen
            assert "Quý khách" in text and "bạn" not in text.split(), text
            texts.add(text)
    assert len(texts) == len(screens) + 1  # each its own words; the ID card's confirm panel has its own
    assert not missing(DOMAIN, sorted(texts))
