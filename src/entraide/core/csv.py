"""The one CSV writer: every CSV file the project produces goes through it.

- **Opens right in French spreadsheets**: UTF-8 with a byte order mark (so that Excel and
  LibreOffice read the accents) and `;` between cells (their default in French).
- **No formula injection** (OWASP, "CSV injection"): a text cell starting with `=`, `+`, `-`, `@`,
  a tab or a carriage return is written with a single quote in front, so that a display name
  like `=HYPERLINK(…)` stays text in the reader's spreadsheet. A cell made only of digits,
  spaces and `+ - . , ( ) /` (a phone number, a negative number) is written as it is: it can
  neither call a function nor point at another cell, and phones are never altered in the file.
  Numbers (int, Decimal, float) are written as numbers.
- Phone numbers are written exactly as stored. CSV has no way to type a cell: a spreadsheet that
  guesses column types may still show "0563000002" as a number unless the column is set to
  "Text" in its import dialog.
  A `="0563000002"` cell would be a formula, which this module exists to prevent.

`csv_response()` is the usual entry point; `stream=True` for exports that can be large.
`Writer` is the lower level (any text file), `read_back()` undoes the quote when we read our
own files again.
"""

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

BOM = "\ufeff"
DELIMITER = ";"
CONTENT_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Digits with the signs of a phone or a number: no function name, no cell reference.
_NUMBER_LIKE = re.compile(r"[0-9+\-., ()/\u00a0\u202f]*[0-9][0-9+\-., ()/\u00a0\u202f]*")


def neutralise(text: str) -> str:
    """`text` as a cell a spreadsheet will not run: a formula-looking text gets a leading quote."""
    if text.startswith(FORMULA_STARTS) and not _NUMBER_LIKE.fullmatch(text):
        return "'" + text
    return text


def read_back(text: str) -> str:
    """The text `neutralise()` was given: for importers that read our own exports again."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def cell(value: Any) -> str | int | float | Decimal:
    if value is None:
        return ""
    if isinstance(value, bool):
        raise TypeError("Write a boolean as words (“oui”/“non”), not True/False.")
    if isinstance(value, int | float | Decimal):
        return value
    return neutralise(str(value))


class Writer:
    """`csv.writer` with the project's dialect, every cell neutralised. Writes no BOM: see `lines()`."""

    def __init__(self, out):
        self._writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def lines(header: Sequence[Any], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The file piece by piece: the BOM and the header, then one row at a time."""
    buffer = io.StringIO()
    writer = Writer(buffer)
    writer.writerow(header)
    yield BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(row)
        yield buffer.getvalue()


def to_text(header: Sequence[Any], rows: Iterable[Iterable[Any]]) -> str:
    return "".join(lines(header, rows))


def csv_response(
    filename: str, header: Sequence[Any], rows: Iterable[Iterable[Any]], *, stream: bool = False
) -> HttpResponse | StreamingHttpResponse:
    """A CSV download. With `stream`, rows are written as they come (give an iterator)."""
    if stream:
        response = StreamingHttpResponse(
            (chunk.encode() for chunk in lines(header, rows)), content_type=CONTENT_TYPE
        )
    else:
        response = HttpResponse(to_text(header, rows).encode(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
