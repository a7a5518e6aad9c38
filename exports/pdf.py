"""Print a document's HTML to PDF with WeasyPrint (no hand-written PDF).

WeasyPrint needs Pango from the operating system; where it cannot load, the
caller gets :class:`PdfUnavailable` with what to install, and can still
write the Markdown and HTML.
"""

from __future__ import annotations

from pathlib import Path


class PdfUnavailable(RuntimeError):
    """WeasyPrint, or the system libraries it needs, cannot be loaded here."""

    written: list[Path] = []  # the files written before printing was tried (see exports.pack.write_files)


def write_pdf(html: str, target: Path) -> None:
    """Render ``html`` (a standalone page, styles inline) to the PDF file ``target``."""
    try:
        import weasyprint  # deferred: loading Pango costs time only when a PDF is asked for
    except (ImportError, OSError) as exc:
        raise PdfUnavailable("printing to PDF needs WeasyPrint and Pango: `pip install weasyprint` and, on "
                             f"Debian or Ubuntu, `apt-get install libpango-1.0-0 libpangoft2-1.0-0` ({exc})") from None
    from weasyprint.urls import URLFetcher

    # No protocol is allowed: an image or stylesheet named in a record never makes the printer
    # fetch anything (a tracking pixel, a file of the machine's); links stay links in the PDF.
    fetch_nothing = URLFetcher(allowed_protocols=())
    weasyprint.HTML(string=html, base_url=None, url_fetcher=fetch_nothing).write_pdf(target)
