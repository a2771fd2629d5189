"""Printing an HTML report to PDF with a headless Chromium, where the machine has one.

The case file's HTML report is what the office writes; the PDF is that page as Chromium prints it
(A4, no header or footer), for a reader who wants a document to file. Chromium runs with a fresh
profile in a temporary directory, no network and no sandbox (the sandbox needs privileges a service
account or a container seldom has; the page is our own). Which program prints is a setting,
``SOCAI_PDF_RENDERER``: ``auto`` (the first Chromium on PATH, none if there is none), ``off``, or a
program's name or path.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Final

CANDIDATES: Final = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class PrinterNotFound(Exception):
    """``SOCAI_PDF_RENDERER`` names a program that is not there."""


class PrintFailed(Exception):
    """The browser did not produce a PDF (it failed, or took too long)."""


@dataclass(frozen=True)
class PdfPrinter:
    """A headless Chromium that prints HTML pages to PDF."""

    program: str
    timeout: float = 120.0

    def print_html(self, html: str) -> bytes:
        """The page printed to PDF; `PrintFailed` if the browser gave none."""
        with tempfile.TemporaryDirectory(prefix="socai-pdf-") as tmp:
            folder = Path(tmp)
            page, out = folder / "report.html", folder / "report.pdf"
            page.write_text(html, encoding="utf-8")
            command = [
                self.program, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
                "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                f"--user-data-dir={folder / 'profile'}", "--no-pdf-header-footer",
                f"--print-to-pdf={out}", page.as_uri(),
            ]
            try:
                done = subprocess.run(command, capture_output=True, timeout=self.timeout,  # noqa: S603
                                      check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise PrintFailed(f"{self.program}: {exc}") from None
            data = out.read_bytes() if out.exists() else b""
            if done.returncode != 0 or not data.startswith(b"%PDF-"):
                tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
                raise PrintFailed(f"{self.program} exited with {done.returncode} and no PDF"
                                  + (f": {tail[0]}" if tail else ""))
            return data


def find_printer(setting: str) -> PdfPrinter | None:
    """The printer ``SOCAI_PDF_RENDERER`` asks for (None: printing is off or, for ``auto``, no
    Chromium is installed); `PrinterNotFound` when it names a program that is not there."""
    if setting == "off":
        return None
    if setting == "auto":
        found = next((p for p in map(shutil.which, CANDIDATES) if p), None)
        return PdfPrinter(found) if found else None
    program = shutil.which(setting)
    if program is None:
        msg = f"SOCAI_PDF_RENDERER={setting!r}: no such program (use auto, off, or a path)"
        raise PrinterNotFound(msg)
    return PdfPrinter(program)
