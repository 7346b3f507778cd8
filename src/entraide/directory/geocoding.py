"""Where an address is: the national address service (Base Adresse Nationale), when the instance reaches it.

`settings.GEOCODER_URL` (default `https://api-adresse.data.gouv.fr/search/`; empty: never
asked, as in the tests) is asked once, with a short timeout; any failure, a weak match or a
match in another commune gives no point rather than a wrong one. The communes of the reference
list have no centre, so there is no fallback point: the entry is then placed by a click on the
map, or shown without a point (its commune and neighbourhood are always shown).
"""

import json
import logging
import urllib.parse
import urllib.request
from decimal import Decimal

from django.conf import settings

from entraide.territories.models import Commune

logger = logging.getLogger(__name__)

MIN_SCORE = 0.5


def locate(address: str, postal_code: str, commune: Commune) -> tuple[Decimal, Decimal] | None:
    """(latitude, longitude) of `address` in `commune`, or None."""
    url = getattr(settings, "GEOCODER_URL", "")
    if not url or not address.strip():
        return None
    query = {
        "q": f"{address} {postal_code or ''} {commune.name}".strip(),
        "limit": "1",
        "citycode": commune.insee_code,
    }
    request = urllib.request.Request(  # noqa: S310 (the operator's setting, https in production)
        f"{url}?{urllib.parse.urlencode(query)}", headers={"Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.GEOCODER_TIMEOUT) as response:  # noqa: S310
            return best_point(json.load(response), commune)
    except (OSError, ValueError) as error:  # unreachable, slow, or not JSON: no point, not an error
        logger.info("Geocoder unavailable: %s", error)
        return None


def best_point(answer: dict, commune: Commune) -> tuple[Decimal, Decimal] | None:
    """The point of the first feature of a Base Adresse Nationale answer (GeoJSON), if a good match."""
    features = answer.get("features") if isinstance(answer, dict) else None
    if not features:
        return None
    feature = features[0]
    properties = feature.get("properties") or {}
    if properties.get("citycode") not in (None, commune.insee_code):
        return None
    if float(properties.get("score") or 0) < MIN_SCORE:
        return None
    longitude, latitude = feature["geometry"]["coordinates"][:2]
    return Decimal(str(round(latitude, 7))), Decimal(str(round(longitude, 7)))
