"""The one xlsx writer, sibling of `entraide.core.csv`: the same cells, in a real spreadsheet file.

Every cell goes through `csv.cell()` (a formula-looking text gets its leading quote, numbers
stay numbers) and every text is written as a text cell: a phone "0563000002" keeps its 0 and
"=HYPERLINK(…)" is never a formula. openpyxl's write-only mode keeps memory flat.
"""

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from . import csv

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(header: Sequence[Any], rows: Iterable[Iterable[Any]], title: str = "Export") -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])

    def line(values):
        cells = []
        for value in values:
            value = csv.cell(value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        return cells

    sheet.append(line(header))
    for row in rows:
        sheet.append(line(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(
    filename: str, header: Sequence[Any], rows: Iterable[Iterable[Any]], title: str = "Export"
) -> HttpResponse:
    """An xlsx download of the same header and rows as `csv.csv_response`."""
    response = HttpResponse(workbook_bytes(header, rows, title), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
