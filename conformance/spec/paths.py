"""Where the project's data lives (schemas, fixtures, the copied spec sources) and where the suite is."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # the conformance package


def _data_root() -> Path:
    """The folder holding ``schemas/`` and ``fixtures/``: the repository, or the wheel's copy."""
    repository = _PACKAGE.parent
    if (repository / "schemas" / "source").is_dir():
        return repository
    return _PACKAGE / "_data"


DATA_ROOT = _data_root()
SCHEMAS_DIR = DATA_ROOT / "schemas"
SOURCE_DIR = SCHEMAS_DIR / "source"
FIXTURES_DIR = DATA_ROOT / "fixtures"
PAGE_PATH = SOURCE_DIR / "PUT-Contact-id.md"
SWAGGER_PATH = SOURCE_DIR / "Swagger-v1-Contact.json"

#: The conformance tests, as a package pytest collects with --pyargs, and as a folder.
SUITE_PACKAGE = "conformance.suite"
SUITE_DIR = _PACKAGE / "suite"
SUITE_INI = SUITE_DIR / "pytest.ini"
