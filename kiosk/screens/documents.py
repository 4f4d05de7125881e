"""Step 7: the document checklist; capture pages with the camera or hand the original over at the counter."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.worker import get_current_worker

from kiosk.camera import (
    CameraFailed,
    CameraMissing,
    PageAnalysed,
    PageCamera,
    STORAGE_FAILED,
    STORAGE_FAILED_TEXT,
    PageCaptured,
    new_scan_folder,
    open_camera,
    storage_failed,
)
from core.text import identity_document, presented_only
from kiosk.messages import _
from kiosk.widgets.thumbnail import page_thumbnail
from kiosk.screens.flow import SCANS_KEY, FlowScreen, ctx_of, procedure_of, session_of
from kiosk.state import CapturedDocument

#: Advice of the kiosk itself; the page checks' own advice comes from ``devices.capture``.
ADVICE = {
    "no_frame": "Camera chưa sẵn sàng. Vui lòng thử lại.",
    "retake": "Ảnh chưa đạt. Vui lòng chụp lại.",
    STORAGE_FAILED: STORAGE_FAILED_TEXT,  # disk full: not the photo's fault, so never "retake"
}


def advice_message(advice: str) -> str:
    """Translate advice codes joined by ``;`` (``too_blurry;glare``) into sentences for the citizen."""
    from devices.capture.messages import advice_text

    codes = [a.strip() for a in advice.split(";") if a.strip()]
    return "\n".join(_(ADVICE[c]) if c in ADVICE else advice_text(c) + "." for c in codes)  # one per line


def document_status(doc: CapturedDocument) -> str:
    """One line saying what was decided for ``doc``."""
    if doc.presented:
        return _("Đã xuất trình: thẻ căn cước đã được quét ở bước trước")
    if doc.pages and doc.at_counter:
        return _("Đã chụp {n} trang; nộp bản gốc tại quầy", n=len(doc.pages))
    if doc.pages:
        return _("Đã chụp {n} trang", n=len(doc.pages))
    if doc.at_counter:
        return _("Nộp bản gốc tại quầy")
    if not doc.required:
        return _("Không có (bỏ qua)")
    return _("Chưa chụp, chưa chọn")


def copies_text(doc: CapturedDocument, condition: str = "") -> str:
    """``Bản chính: 1 · Bản sao: 0`` (plus "optional" and its case for conditional documents)."""
    text = _("Bản chính: {o} · Bản sao: {c}", o=doc.originals, c=doc.copies)
    if doc.required:
        return text
    return text + " · " + _("Không bắt buộc") + (f" ({condition})" if condition else "")


class DocumentsScreen(FlowScreen):
    """The checklist of the procedure version, one row per document."""

    def spoken_instruction(self) -> str:
        """What voice guidance says when this screen opens (``kiosk.voice``)."""
        return _("Xin mời Quý khách chụp từng giấy tờ, hoặc chọn nộp bản gốc tại quầy.")

    STEP = "documents"
    TITLE_VI = "Giấy tờ trong hồ sơ"

    def mark_presented(self) -> None:
        """The identity paper to be shown ("– xuất trình") was shown: its QR was read at the ID step."""
        session = session_of(self.app)
        if session.id_card is None:
            return
        for doc in session.documents:
            if presented_only(doc.name) and identity_document(doc.name) and not doc.pages:
                doc.presented, doc.at_counter = True, False

    def compose_step(self) -> ComposeResult:
        """Instruction, the one-tap "all at the counter" choice, then one row per document."""
        self.mark_presented()
        yield Static(
            _("Chụp từng trang bằng camera, hoặc nộp bản gốc tại quầy. Giấy tờ không bắt buộc có thể bỏ qua."),
            id="docs-instruction",
            classes="sf-instruction",
        )
        yield Button(_("Tôi sẽ nộp tất cả bản gốc tại quầy"), id="docs-all-counter", classes="sf-primary sf-big")
        conditions = {d.id: d.condition for d in procedure_of(self.app).documents}
        for index, doc in enumerate(session_of(self.app).documents):
            with Horizontal(id=f"doc-{index}", classes="doc-row"):
                with Vertical(classes="doc-text"):
                    yield Static(Text(f"{index + 1}. {doc.name}"), classes="doc-name")
                    yield Static(copies_text(doc, conditions.get(doc.requirement_id, "")), classes="doc-copies",
                                 markup=False)
                    yield Static(document_status(doc), id=f"doc-{index}-status", classes="doc-status", markup=False)
                # A paper already shown needs nothing more (its buttons stay, greyed, so rows line up).
                yield Button(_("Chụp"), id=f"doc-{index}-capture", classes="sf-secondary doc-button",
                             disabled=doc.presented)
                yield Button(_("Nộp tại quầy"), id=f"doc-{index}-counter", classes="sf-secondary doc-button",
                             disabled=doc.presented)
                if not doc.required:
                    yield Button(_("Không có"), id=f"doc-{index}-skip", classes="sf-secondary doc-button")
        yield Static("", id="docs-error", classes="sf-error", markup=False)

    def compose_actions(self) -> ComposeResult:
        """Continue (once every required document is decided)."""
        yield Button(_("Tiếp tục"), id="docs-continue", classes="sf-primary sf-big")

    def _refresh(self) -> None:
        for index, doc in enumerate(session_of(self.app).documents):
            self.query_one(f"#doc-{index}-status", Static).update(document_status(doc))
            self.query_one(f"#doc-{index}").set_class(bool(doc.pages or doc.at_counter or doc.presented), "-done")
            self.query_one(f"#doc-{index}-counter").set_class(doc.at_counter, "-selected")
            self.query_one(f"#doc-{index}-capture").set_class(bool(doc.pages), "-selected")

    def restore(self) -> None:
        """Mark decided rows."""
        super().restore()
        self._refresh()

    def on_screen_resume(self) -> None:
        """Refresh after capturing pages."""
        self._refresh()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Per-document choices, all-at-counter and continue."""
        button_id = event.button.id or ""
        documents = session_of(self.app).documents
        if button_id == "docs-all-counter":
            event.stop()
            self.action_all_at_counter()
        elif button_id == "docs-continue":
            event.stop()
            self.action_continue()
        elif button_id.startswith("doc-") and button_id.count("-") == 2:
            event.stop()
            _prefix, number, choice = button_id.split("-")
            doc = documents[int(number)]
            if choice == "counter":
                doc.at_counter = not doc.at_counter
            elif choice == "skip":
                doc.at_counter = False
                self._drop_pages(doc)
            elif choice == "capture":
                self.app.push_screen(CaptureScreen(int(number)), lambda _result: self._refresh())
            self.say("#docs-error", "")
            self._refresh()

    @staticmethod
    def _drop_pages(doc: CapturedDocument) -> None:
        for page in doc.pages:
            page.unlink(missing_ok=True)
        doc.pages.clear()

    def action_all_at_counter(self) -> None:
        """Every required document not scanned is handed over at the counter; go on."""
        for doc in session_of(self.app).documents:
            if doc.required and not doc.pages and not doc.presented:
                doc.at_counter = True
        self._refresh()
        self.action_continue()

    def action_continue(self) -> None:
        """Go on when every required document is scanned or handed over at the counter."""
        missing = [d.name for d in session_of(self.app).documents
                   if d.required and not d.pages and not d.at_counter and not d.presented]
        if missing:
            self.say("#docs-error", "Còn giấy tờ bắt buộc chưa chụp hoặc chưa chọn nộp tại quầy: {names}",
                     names="; ".join(missing))
            return
        self.advance()


class CaptureScreen(ModalScreen[int]):
    """Captures one document page by page with live sharpness/glare advice; dismisses with the page count.

    Args:
        index: Position of the document in the session's checklist.
    """

    def __init__(self, index: int) -> None:
        super().__init__(id="capture-screen")
        self.index = index
        self._camera: PageCamera | None = None

    @property
    def document(self) -> CapturedDocument:
        """The document being captured."""
        return session_of(self.app).documents[self.index]

    def compose(self) -> ComposeResult:
        """Document name, live advice, pages so far, shoot/done."""
        with Vertical(id="capture-dialog", classes="sf-dialog"):
            yield Static(Text(self.document.name), id="capture-title", classes="sf-heading")
            yield Static(_("Đặt trang giấy tờ phẳng trước camera, rồi chạm “Chụp trang này”."),
                         id="capture-instruction", classes="sf-instruction")
            yield Static(_("Đang mở camera…"), id="capture-advice", classes="scan-status", markup=False)
            with Horizontal(id="capture-kept"):
                yield Static("", id="capture-pages", classes="doc-status", markup=False)
                yield Static("", id="capture-thumb")
            with Horizontal(classes="sf-actions"):
                yield Button(_("Chụp trang này"), id="capture-shoot", classes="sf-primary sf-big")
                yield Button(_("Xong"), id="capture-done", classes="sf-secondary sf-big")
                yield Button(_("Xóa các trang đã chụp"), id="capture-clear", classes="sf-secondary sf-big")

    def on_mount(self) -> None:
        """Open the camera in a worker and start the live page check."""
        self._show_pages()
        self._watch(ctx_of(self.app).camera_source)

    def _show_pages(self) -> None:
        pages = self.document.pages
        self.query_one("#capture-pages", Static).update(_("Đã chụp {n} trang", n=len(pages)))
        # The last page kept, small: the citizen sees it is the right paper, the right way up.
        self.query_one("#capture-thumb", Static).update(page_thumbnail(pages[-1]) if pages else "")
        self.query_one("#capture-clear", Button).disabled = not pages

    @work(thread=True, exclusive=True, group="capture-watch")
    def _watch(self, spec: str) -> None:
        worker = get_current_worker()
        try:
            camera = PageCamera(open_camera(spec))
        except CameraMissing as exc:
            self.post_message(CameraFailed(str(exc)))
            return
        self._camera = camera
        try:
            camera.watch(post=self.post_message, is_cancelled=lambda: worker.is_cancelled)
        except CameraMissing as exc:
            self.post_message(CameraFailed(str(exc)))
        finally:
            camera.close()  # also when the session is wiped while this dialog is open

    @work(thread=True, exclusive=True, group="capture-shoot")
    def _shoot(self, folder: Path, name: str) -> None:
        camera = self._camera
        if camera is None:
            self.post_message(PageCaptured(None, "no_frame"))
            return
        try:
            self.post_message(camera.capture(folder, name))
        except Exception as exc:  # noqa: BLE001 - the citizen is asked to retake
            self.post_message(PageCaptured(None, f"retake ({type(exc).__name__})"))

    def on_page_analysed(self, message: PageAnalysed) -> None:
        """Live advice: good to shoot, or what to change."""
        text = _("Ảnh đạt yêu cầu. Chạm “Chụp trang này”.") if message.ok else (
            advice_message(message.advice or "no_page"))
        self.query_one("#capture-advice", Static).update(text)
        self.query_one("#capture-advice").set_class(message.ok, "-ok")

    def on_page_captured(self, message: PageCaptured) -> None:
        """Keep the page, or ask for a retake with the reason."""
        self.query_one("#capture-shoot", Button).disabled = False
        if message.path is None:
            self.query_one("#capture-advice", Static).update(
                _("Chưa lưu trang này: {advice}", advice=advice_message(message.advice)))
            if message.advice == STORAGE_FAILED:  # nothing can be stored now: the counter takes the original
                self.query_one("#capture-shoot", Button).disabled = True
                return
            self.query_one("#capture-shoot", Button).label = _("Chụp lại")
            return
        self.document.pages.append(message.path)
        self.query_one("#capture-shoot", Button).label = _("Chụp trang tiếp theo")
        self._show_pages()

    def on_camera_failed(self, _message: CameraFailed) -> None:
        """No camera: the original can still be handed over at the counter."""
        self.query_one("#capture-advice", Static).update(
            _("Không tìm thấy camera. Hãy chọn “Nộp bản gốc tại quầy” cho giấy tờ này."))
        self.query_one("#capture-shoot", Button).disabled = True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Shoot, clear or finish."""
        event.stop()
        if event.button.id == "capture-shoot":
            event.button.disabled = True
            try:
                folder = self._folder()
            except OSError as exc:  # disk full or read-only: KIO-050/051 and the counter, not a crash
                self.post_message(storage_failed(exc))
                return
            self._shoot(folder, f"page-{len(self.document.pages) + 1}")
        elif event.button.id == "capture-clear":
            self._ask_clear()
        elif event.button.id == "capture-done":
            self.action_done()

    def _ask_clear(self) -> None:
        """Deleting pages takes a second, deliberate answer on its own screen."""
        from kiosk.screens.confirm import ConfirmScreen

        def answer(yes: bool | None) -> None:
            if yes:
                DocumentsScreen._drop_pages(self.document)
            self._show_pages()

        question = _("Xóa {n} trang đã chụp của giấy tờ này?", n=len(self.document.pages))
        self.app.push_screen(ConfirmScreen(question, _("Xóa các trang"), _("Không xóa")), answer)

    def _folder(self) -> Path:
        session = session_of(self.app)
        root = session.extra.get(SCANS_KEY)
        if root is None:
            root = new_scan_folder(ctx_of(self.app).settings.scans_dir)
            session.extra[SCANS_KEY] = root
        folder = Path(root) / f"doc-{self.index + 1}"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def action_done(self) -> None:
        """Close the camera and return to the checklist."""
        self.workers.cancel_group(self, "capture-watch")
        self.dismiss(len(self.document.pages))
