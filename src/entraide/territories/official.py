"""The official list of communes and intercommunalities that the package ships."""

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class OfficialCommune:
    insee_code: str
    name: str
    postal_codes: str
    population: int | None
    epci_siren: str


@dataclass(frozen=True)
class OfficialEpci:
    siren: str
    name: str
    member_codes: tuple[str, ...]


@cache
def communes() -> dict[str, OfficialCommune]:
    result = {}
    for path in sorted(DATA_DIR.glob("communes-*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row["type"] != "commune-actuelle":
                    continue
                result[row["code_insee"]] = OfficialCommune(
                    insee_code=row["code_insee"],
                    name=row["nom"],
                    postal_codes=row["codes_postaux"],
                    population=int(row["population"]) if row["population"] else None,
                    epci_siren=row["epci_siren"],
                )
    return result


@cache
def epcis() -> dict[str, OfficialEpci]:
    result = {}
    for path in sorted(DATA_DIR.glob("epci-*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            result[item["code"]] = OfficialEpci(
                siren=item["code"],
                name=item["nom"],
                member_codes=tuple(m["code"] for m in item["membres"]),
            )
    return result
