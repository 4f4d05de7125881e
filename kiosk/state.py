"""The in-memory state of one citizen's session; wiped on finish, timeout or cancel."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class CapturedDocument:
    """One document of the checklist: scanned pages or "original at the counter".

    Attributes:
        requirement_id: DocumentRequirement id from the catalogue (None for extra documents).
        name: Document name as shown.
        originals: Originals required.
        copies: Copies required.
        required: Whether the catalogue marks it required.
        pages: Captured page image files (temporary until submitted).
        at_counter: The citizen will hand the original over at the counter.
        presented: Shown already: the identity paper whose QR the ID step read (not asked for again).
    """

    requirement_id: int | None
    name: str
    originals: int = 1
    copies: int = 0
    required: bool = True
    pages: list[Path] = field(default_factory=list)
    at_counter: bool = False
    presented: bool = False


@dataclass
class CitizenSession:
    """Everything one citizen has entered so far. Never persisted until submit.

    Attributes:
        procedure_code: Chosen procedure's code.
        consent_id: Consent row id once the citizen agreed.
        id_card: Parsed ID card fields (``devices.idcard.IdCard``) once confirmed.
        manual_id: True when an agent typed the ID by hand.
        phone: Validated mobile number.
        documents: Checklist with captured pages.
        return_method: ``counter`` or ``post``.
        delivery_address: Address for postal return.
        agent_id: Assisting agent's user id while agent mode is on.
        agent_name: Assisting agent's display name.
        extra: Free room for steps to keep small values.
        in_doubt: The last submit's COMMIT was lost: it may be saved, so its scans must not be deleted here.
    """

    procedure_code: str | None = None
    consent_id: int | None = None
    id_card: Any = None
    manual_id: bool = False
    phone: str = ""
    documents: list[CapturedDocument] = field(default_factory=list)
    return_method: str = "counter"
    delivery_address: str = ""
    agent_id: int | None = None
    agent_name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    in_doubt: bool = False

    def wipe(self) -> None:
        """Forget everything and delete captured images not yet submitted.

        After a submit in doubt the images may belong to a saved dossier: they stay, and the start-up purge
        (``kiosk.run.purge_scans``) deletes them only if no dossier refers to them.
        """
        for doc in [] if self.in_doubt else self.documents:
            for page in doc.pages:
                try:
                    page.unlink(missing_ok=True)
                except OSError:
                    pass  # best effort; the scans folder is also purged at start-up
        self.__init__()  # type: ignore[misc]
