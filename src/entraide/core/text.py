"""Small fixes of sentences built around people's names."""

import re

# Display names end with an initial ("Claire M."): a sentence ending on one must not add a second
# period ("… to Claire M.."). An ellipsis ("...") or "etc." is left alone.
_INITIAL_THEN_PERIOD = re.compile(r"(\b\w\.)\.(?=\s|$|<|\))")


def end_sentence(text: str) -> str:
    """ "Give this reference to Claire M.." → "Give this reference to Claire M."."""
    return _INITIAL_THEN_PERIOD.sub(r"\1", text)
