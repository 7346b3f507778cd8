from tests.directory.conftest import theme, transport  # noqa: F401 — the same themes
