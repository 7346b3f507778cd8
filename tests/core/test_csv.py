"""The one CSV writer: French spreadsheets' dialect, formula cells neutralised, phones untouched."""

import csv as stdlib_csv
import io
from decimal import Decimal

import pytest

from entraide.core import csv

HOSTILE = '=HYPERLINK("http://x","y")'


def read(text: str) -> list[list[str]]:
    assert text.startswith(csv.BOM)
    return list(stdlib_csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.parametrize(
    "value", [HOSTILE, "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1", "=1+1"]
)
def test_it_neutralises_a_cell_a_spreadsheet_would_run(value):
    assert csv.neutralise(value) == "'" + value
    assert read(csv.to_text(["a"], [[value]]))[1] == ["'" + value]


@pytest.mark.parametrize(
    "value", ["0563000002", "05 63 00 00 02", "+33 5 63 00 00 02", "+33 (0)5 63 00 00 02", "-1.5", "-43,2"]
)
def test_it_keeps_phones_and_numbers_as_they_are(value):
    assert csv.neutralise(value) == value
    assert read(csv.to_text(["phone"], [[value]]))[1] == [value]


@pytest.mark.parametrize("value", ["Épicerie", "a=b", "", "'quoted", "- liste à puces"])
def test_it_reads_back_what_it_wrote(value):
    assert csv.read_back(csv.neutralise(value)) == value


def test_numbers_stay_numbers_and_none_is_empty():
    rows = read(csv.to_text(["n", "d", "none"], [[-30, Decimal("-1.63250"), None]]))
    assert rows[1] == ["-30", "-1.63250", ""]


def test_it_refuses_a_boolean_that_would_print_as_true():
    with pytest.raises(TypeError):
        csv.to_text(["flag"], [[True]])


def test_it_writes_utf8_with_a_bom_and_semicolons_for_french_spreadsheets():
    response = csv.csv_response("x.csv", ["Nom", "Ville"], [["Épicerie; solidaire", "Sète"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content == '\ufeffNom;Ville\r\n"Épicerie; solidaire";Sète\r\n'.encode()


def test_a_streamed_response_is_the_same_file():
    rows = [["a", HOSTILE], ["b", "c"]]
    streamed = csv.csv_response("x.csv", ["k", "v"], iter(rows), stream=True)
    assert streamed.getvalue() == csv.csv_response("x.csv", ["k", "v"], rows).content
