"""The data·inclusion referential of thematiques (schema v1.0.8, Licence Ouverte 2.0)."""

import json
from pathlib import Path

_RAW = json.loads((Path(__file__).parent / "data" / "ref-thematiques.json").read_text(encoding="utf-8"))
KNOWN: dict[str, str] = {item["value"]: item["label"] for item in _RAW}
