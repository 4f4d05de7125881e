"""Unit tests of the core helpers: settings, text folding and sanitising, translation."""

from pathlib import Path

import pytest

from core.errors import ConfigError
from core.i18n import gettext, register_catalogue, set_language
from core.settings import load_settings
from core.text import fold, nfc, sanitize


def test_fold_removes_diacritics_and_d_bar():
    assert fold("Đăng ký KHAI SINH") == "dang ky khai sinh"
    assert fold(nfc("Sổ hồng")) == "so hong"


def test_sanitize_strips_controls_and_bidi_but_keeps_markup_chars():
    assert sanitize("Nguy\u202eễn\x00 Văn\tA [b]x[/b]") == "Nguyễn Văn A [b]x[/b]"


def test_settings_env_overrides_and_errors_name_the_key(tmp_path: Path):
    cfg = tmp_path / "k.toml"
    cfg.write_text('site_code = "S1"\npaper_width_mm = 58\n', encoding="utf-8")
    s = load_settings(cfg, env={"KIOSK_DATA_DIR": str(tmp_path)})
    assert s.site_code == "S1" and s.paper_width_mm == 58
    assert s.database_url == f"sqlite:///{tmp_path / 'kiosk.db'}"
    cfg.write_text("paper_width_mm = 70\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="paper_width_mm"):
        load_settings(cfg, env={})
    cfg.write_text("bogus = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"k\.toml.*bogus"):
        load_settings(cfg, env={})
    cfg.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="KIOSK_IDLE_TIMEOUT_S"):
        load_settings(env={"KIOSK_IDLE_TIMEOUT_S": "soon", "KIOSK_CONFIG": str(cfg)})
    with pytest.raises(ConfigError, match="KIOSK_CONFIG"):
        load_settings(env={"KIOSK_CONFIG": str(tmp_path / "absent.toml")})


def test_translation_falls_back_to_vietnamese():
    register_catalogue("test", {"Xin chào {name}": "Hello {name}"})
    assert gettext("test", "Xin chào {name}", name="An") == "Xin chào An"
    set_language("en")
    try:
        assert gettext("test", "Xin chào {name}", name="An") == "Hello An"
        assert gettext("test", "Chưa dịch") == "Chưa dịch"
    finally:
        set_language("vi")


@pytest.mark.parametrize("how", ["flag", "env"])
def test_kiosk_stops_on_a_missing_settings_file_naming_where_it_was_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    from kiosk.__main__ import main

    missing = tmp_path / "nowhere" / "kiosk.toml"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "data"))
    if how == "env":
        monkeypatch.setenv("KIOSK_CONFIG", str(missing))
        code = main([])
    else:
        monkeypatch.delenv("KIOSK_CONFIG", raising=False)
        code = main(["--config", str(missing)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"error: [CFG-001] {'KIOSK_CONFIG' if how == 'env' else '--config'}: settings file {missing} does not exist\n"
    assert not (tmp_path / "data").exists()  # nothing was created before the settings were known


def test_a_missing_default_settings_file_means_built_in_defaults(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import core.settings

    monkeypatch.setattr(core.settings, "default_config_path", lambda: tmp_path / "absent" / "kiosk.toml")
    settings = load_settings(env={})
    assert settings.database_url.startswith("sqlite:///") and settings.printer_url.startswith("virtual://")


def test_one_appointment_format_on_every_screen_and_on_paper() -> None:
    from datetime import datetime, timezone

    from core.dates import date_time
    from kiosk.screens.done import format_appointment
    from kiosk.submission import SubmissionSummary
    from kiosk.widgets import format as fmt

    due = datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)  # 16:30 in Hà Nội, a Wednesday
    assert date_time(due, "vi") == "16:30, Thứ Tư 25/11/2026"
    assert date_time(due, "en") == "16:30, Wednesday 25/11/2026"
    set_language("vi")
    summary = SubmissionSummary.__new__(SubmissionSummary)
    object.__setattr__(summary, "appointment_at", due)
    assert fmt.date_time(due) == format_appointment(summary) == date_time(due)
