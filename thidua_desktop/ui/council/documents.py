"""The meeting's documents from the Kết quả bình xét tab: to a printer at 100 %
or as files."""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from ...services.council import service as cs
from ..printing import printer_names
from ..widgets import confirm

#: the last choice of “In…”: files instead of a printer
PDF_TARGET = "Lưu thành tệp PDF…"


class MeetingDocuments:
    """The Kết quả bình xét tab's documents (mixed into ``CouncilTab``, whose
    ``state``, ``db`` and ``window`` they read): ballots, the blank tally sheet
    and the minutes printed or saved as PDF, the results and proposals as workbooks.
    The tab sets ``make_printer`` (name → QPrinter; None: the system's printer)
    and ``last_written`` (the files the last “In…” saved)."""

    def _save_path(self, title: str, name: str, pattern: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), pattern)
        if not path:
            return None
        suffix = ".pdf" if "pdf" in pattern else ".xlsx"
        return Path(path if path.lower().endswith(suffix) else path + suffix)

    def _document(self, title: str, name: str, pattern: str, write) -> None:
        if self.state is None:
            return
        path = self._save_path(title, name, pattern)
        if path is None:
            return
        if self.window.perform(lambda: write(path)):
            self.window.statusBar().showMessage(f"Đã lưu {path}", 8000)

    def _print_or_save(self, title: str, name: str, documents: list[tuple[str, Callable[[Path], object]]]) -> None:
        """The meeting's documents to a printer, or as PDF files (the first at the
        chosen name, each other one beside it with its ``-suffix``); the status
        bar says which files were written or how many pages were sent."""
        if self.state is None:
            return
        printers = printer_names()
        target = PDF_TARGET
        if printers:
            target, ok = QInputDialog.getItem(self, title, "In ra máy in hoặc lưu thành tệp PDF:",
                                              [*printers, PDF_TARGET], 0, False)
            if not ok:
                return
        if target != PDF_TARGET:
            self._send_to_printer(target, documents)
            return
        path = self._save_path(title, name, "PDF (*.pdf)")
        if path is None:
            return
        paths = [path if not suffix else path.with_name(f"{path.stem}-{suffix}.pdf") for suffix, _ in documents]
        if self.window.perform(lambda: [write(p) for (_, write), p in zip(documents, paths)]):
            self.last_written = paths
            self.window.statusBar().showMessage(
                f"Đã lưu {len(paths)} tệp: " + "; ".join(str(p) for p in paths) if len(paths) > 1 else
                f"Đã lưu {path}", 15000)

    def _send_to_printer(self, name: str, documents: list[tuple[str, Callable[[Path], object]]]) -> None:
        """Each document rendered page by page at 100 % on its own paper (ui.printing's print loop)."""
        from PySide6.QtPdf import QPdfDocument

        from ..printing import PrintError, prepare_printer, print_document, system_printer

        make_printer = self.make_printer or system_printer
        pages = 0
        try:
            with tempfile.TemporaryDirectory() as folder:
                for i, (_, write) in enumerate(documents):
                    path = Path(folder) / f"{i}.pdf"
                    if not self.window.perform(lambda: write(path)):
                        return
                    document = QPdfDocument(self)
                    try:
                        document.load(str(path))
                        size = document.pagePointSize(0)
                        w_mm, h_mm = size.width() * 25.4 / 72, size.height() * 25.4 / 72
                        printer = make_printer(name)
                        warnings = prepare_printer(printer, w_mm, h_mm)
                        if warnings and not confirm(self, "Kiểm tra máy in", "\n\n".join(warnings) + "\n\nVẫn in?"):
                            return
                        pages += print_document(document, printer, w_mm, h_mm)
                    finally:
                        document.close()  # the file can go (Windows keeps open files)
        except PrintError as exc:
            QMessageBox.warning(self, "Không in được", str(exc))
            return
        self.window.statusBar().showMessage(f"Đã gửi {pages} trang tới máy in “{name}”.", 10000)

    def print_ballots(self) -> None:
        from ...services.documents.council_pdf import write_ballots

        self._print_or_save("In phiếu bầu", f"phieu-bau-{self.state.meeting.nam}.pdf",
                            [("", lambda p: write_ballots(cs.meeting_view(self.db, self.state.meeting.id), p))])

    def print_tally_sheet(self) -> None:
        from ...services.documents.council_pdf import write_tally_sheet

        self._print_or_save("Biên bản kiểm phiếu (mẫu trống)", f"kiem-phieu-trong-{self.state.meeting.nam}.pdf",
                            [("", lambda p: write_tally_sheet(cs.meeting_view(self.db, self.state.meeting.id), p))])

    def print_minutes(self) -> None:
        from ...services.documents.council_pdf import write_count_minutes, write_meeting_minutes

        self._print_or_save(
            "In biên bản họp Hội đồng (và biên bản kiểm phiếu)", f"bien-ban-{self.state.meeting.nam}.pdf",
            [("", lambda p: write_meeting_minutes(cs.meeting_view(self.db, self.state.meeting.id), p)),
             ("kiem-phieu", lambda p: write_count_minutes(cs.meeting_view(self.db, self.state.meeting.id), p))])

    def export_results(self) -> None:
        from ...services.documents.council_xlsx import export_results

        self._document("Xuất kết quả bình xét", f"ket-qua-binh-xet-{self.state.meeting.nam}.xlsx", "Excel (*.xlsx)",
                       lambda p: export_results(self.db, self.state.meeting.id, p))

    def export_proposals(self) -> None:
        from ...services.documents.council_xlsx import export_proposals

        self._document("Xuất danh sách đề nghị khen thưởng", f"de-nghi-khen-thuong-{self.state.meeting.nam}.xlsx",
                       "Excel (*.xlsx)",
                       lambda p: export_proposals(self.db, self.state.meeting.campaign_id, p, nam=self.state.meeting.nam))
