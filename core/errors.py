"""Errors with stable codes that consoles, CLIs and logs show."""

from __future__ import annotations


class KioskError(Exception):
    """Base error: a stable machine code plus a human-readable message.

    Codes look like ``DB-001`` or ``PRN-010``: a package prefix and a number that
    never changes meaning, so staff can quote them and logs can be searched.

    Args:
        code: Stable error code.
        message: Human-readable message (already translated when shown to a person).
    """

    code: str = "GEN-000"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class ConfigError(KioskError):
    """A setting is missing or invalid; the message names the file/variable and key."""

    code = "CFG-001"


#: The errors table: stable code -> what it means (a code never changes meaning; add, never reuse). Codes listed
#: by area in docs/CONTRACTS.md that predate this table are not repeated here.
ERROR_CODES: dict[str, str] = {
    # credential policy (core.credentials, enforced by db.services.staff_auth / user_admin)
    "ACC-012": "password too common (shipped list, a common word with digits, a key run, < 4 distinct characters)",
    "ACC-013": "password contains the user name or the full name (case and diacritics ignored)",
    "ACC-014": "password longer than 200 characters",
    "ACC-015": "PIN too easy to guess (one digit, a run, a repeated group, a mirror, a keypad pattern)",
    "ACC-016": "PIN taken from the staff badge's digits",
    "ACC-017": "an account text field (full name, badge code) over its length limit",
    # catalogue import (db.catalogue.io)
    "CAT-012": "import file larger than 20 MB (checked on the size, before reading)",
    "CAT-013": "import file with more than 50,000 procedures",
    # kiosk-admin sign-in (admin_tui.cli.signin)
    "ACC-040": "command needs a signed-in administrator (no session, no password given)",
    "ACC-041": "command-line session expired",
    "ACC-042": "command-line session not valid (edited, copied, revoked, password changed, account inactive/locked)",
    "ACC-043": "command-line session file readable by others or owned by another user",
    "ACC-044": "not an administrator",
    "ACC-045": "--actor is not the signed-in administrator",
    "ACC-046": "the first account must be an administrator",
    # database (db.engine)
    "DB-006": "the connection was lost after COMMIT was sent: saved or not is unknown",
    "DB-007": "the disk under the database is full (SQLite SQLITE_FULL, PostgreSQL 53100): nothing was written",
    # kiosk identity and exactly-once printing (kiosk.identity, db.services.kiosk_identity, db.services.outbox)
    "DB-012": "no print job claimed: another live install holds this kiosk",
    "KIO-060": "start refused: another live install (other instance id, fresh lease) holds this kiosk code",
    "KIO-061": "start refused: this install already runs in another process (identity file locked)",
    "KIO-062": "the kiosk identity file (data_dir/kiosk-identity) is damaged or cannot be read or written",
    "KIO-063": "this install lost its kiosk to another install after its lease ran out: it prints nothing",
    # kiosk (the citizen sees plain words; the log and the console show the code)
    "KIO-010": "a kiosk service call failed in a known way (database, catalogue, rules)",
    "KIO-011": "a kiosk service call failed unexpectedly (type and first line logged)",
    "KIO-012": "the configured site is not in the database",
    "KIO-020": "look-ups refused for a while at this kiosk after too many failures",
    "KIO-021": "a dossier reference locked for kiosk look-up after too many failures",
    "KIO-022": "this kiosk's look-ups closed for the day after too many failures",
    "KIO-023": "an ID card locked for kiosk look-up after too many failures",
    "KIO-030": "a submission refused because a step of the session is missing",
    "KIO-031": "a submission's outcome unknown (COMMIT in doubt, database not answering yet)",
    "KIO-040": "this kiosk's clock differs from the database server's by more than a minute (server time used)",
    "KIO-041": "the clock says a date before this release: nothing is numbered until it is fixed",
    "KIO-050": "a captured page could not be stored: no space left (the citizen is sent to the counter, not to retake)",
    "KIO-051": "a captured page could not be stored: another write failure (read-only disk, permission)",
    "KIO-090": "voice guidance could not speak (engine or audio)",
    # data at rest and hostile input (issue 11)
    "NUM-010": "a counter below the numbering high-water mark (younger database): raised above it, logged",
    "NUM-011": "the numbering high-water file is unreadable: rewritten from the next number, logged",
    "NUM-012": "the numbering high-water file could not be written after COMMIT, logged",
    "COD-006": "image too large to decode (pixels from its header, or bytes): refused before decoding",
    "COD-007": "input path is not a regular file (FIFO, device, socket, folder): refused before reading",
    "PRN-004": "file:// target refused: an existing file that holds no print jobs, a block device, socket or folder",
    # calling board (kiosk.board)
    "BRD-001": "--mute-hours is not HH:MM-HH:MM",
    # kiosk served to a browser (kiosk.web)
    "WEB-001": "no monospace font with Vietnamese letters installed",
    "WEB-002": "textual-serve's client script changed shape (kiosk/web/assets.py needs updating)",
    "WEB-003": "a malformed message from the page was ignored",
    "WEB-004": "the kiosk process ended; the page reconnects to a new one",
    "WEB-005": "the kiosk process did not quit in time and was killed",
    "WEB-006": "serving beyond loopback refused without --allow-remote (or warned with it)",
    # cameras (devices.camera.health)
    "CAM-007": "no camera configured",
    # kiosk-devices (devices.cli)
    "VPR-011": "file is not an ESC/POS print job",
    "GEN-110": "connection refused",
    "GEN-111": "connection lost",
    "GEN-112": "timed out",
    "GEN-113": "file or device not found",
    "GEN-114": "permission denied",
    "GEN-115": "address in use",
    "GEN-116": "disk full",
    "GEN-117": "host or network unreachable",
    "GEN-119": "other operating-system error",
    # UPU S10 tracking numbers (core.s10)
    "S10-001": "tracking number not 13 characters (after removing spaces)",
    "S10-002": "service indicator not two letters A-Z",
    "S10-003": "serial not eight digits (0..99999999)",
    "S10-004": "country code not two letters A-Z (or not the country required)",
    "S10-005": "wrong check digit (a mistyped or misread number)",
    "S10-010": "serial range invalid (not 0 <= first <= last <= 99999999)",
    "S10-011": "serial range used up: configure the next range",
    "S10-012": "serial outside its range",
    # home delivery: S10 series and address labels (db.services.tracking, admin_tui.modes.dossiers_label)
    "ADM-304": "the address label file could not be written to the hand-over folder (console without a kiosk)",
    "ADM-305": "a date typed in the console delivery form is not dd/mm/yyyy",
    "DOS-080": "no S10 tracking number series configured for the site (nothing printed)",
    "DOS-081": "address label refused: the result is collected at the counter",
    "DOS-082": "address label refused: the result is not ready yet (status before result_ready)",
    "DOS-083": "address label refused: no recipient name or delivery address",
    "DOS-084": "tracking series for an unknown site",
    "DOS-085": "tracking series overlapping an earlier series of the same prefix and country (numbers would repeat)",
    # home delivery outcomes (db.services.delivery)
    "DOS-090": "delivery outcome refused: the result is not on its way by post (status not result_in_transit)",
    "DOS-091": "delivered without the receiver's name",
    "DOS-092": "delivered without the receiver's relation to the applicant",
    "DOS-093": "receiver's ID last digits not exactly 4 digits",
    "DOS-094": "failed delivery with a reason not in the list",
    "DOS-095": "failed delivery for reason 'other' without a note",
    "DOS-096": "failed delivery without a next attempt date (or one before today) while attempts remain",
    "DOS-097": "delivery time in the future",
    # VietQR payloads (core.vietqr): the paper prints without the code and the console warns
    "VQR-001": "bank BIN for transfers not configured",
    "VQR-002": "receiving account number not configured",
    "VQR-003": "bank BIN not six digits",
    "VQR-004": "account number not letters/digits or longer than 19",
    "VQR-005": "amount not a positive whole number of dong (at most 13 digits)",
    "VQR-006": "payload longer than 512 characters",
    # postal papers (devices.layouts.label, devices.layouts.handover_list)
    "LAY-040": "address label without a valid S10 tracking number",
    "LAY-041": "address label without recipient name or address",
    "LAY-042": "address label with a negative amount to collect",
    "LAY-050": "hand-over list without a batch code",
    "LAY-051": "batch code not printable as CODE128 on 58 mm paper (ASCII, at most 13 characters)",
    "LAY-052": "hand-over list without dossiers",
    "LAY-053": "hand-over list line without a dossier reference",
}
