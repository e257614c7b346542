"""Reading the endpoint page (``PUT-Contact-id.md``): its property tables and sample bodies."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from conformance.spec.paths import PAGE_PATH

REQUEST_TABLE_HEADING = "## Request Body"
RESPONSE_TABLE_HEADING = "### Response body"
SAMPLE_REQUEST_HEADING = "## Sample request"
SAMPLE_RESPONSE_HEADING = "## Sample response"


@dataclass(frozen=True)
class PageProperty:
    """One row of a property table on the page."""

    name: str
    type: str
    description: str


def _section(text: str, heading: str) -> str:
    """The text from a heading (matched by prefix) up to the next heading of any level."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith(heading)), None)
    if start is None:
        raise ValueError(f"the page has no section starting with {heading!r}")
    body = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        body.append(line)
    return "\n".join(body)


def _table(section: str) -> list[PageProperty]:
    """The rows of the first Markdown table in a section, header and rule skipped."""
    rows = [line for line in section.splitlines() if line.startswith("|")]
    properties = []
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        name, type_, description = (cells + ["", "", ""])[:3]
        properties.append(PageProperty(name, type_, description))
    return properties


def _code_block(section: str) -> str:
    """The content of the first fenced code block in a section."""
    match = re.search(r"^```[^\n]*\n(.*?)^```", section, re.S | re.M)
    if match is None:
        raise ValueError("section has no fenced code block")
    return match.group(1)


def _json_body(http_message: str) -> dict[str, Any]:
    """The JSON body of an HTTP message written out on the page (after the blank line)."""
    _, _, body = http_message.partition("\n\n")
    document: dict[str, Any] = json.loads(body)
    return document


@lru_cache(maxsize=4)
def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def request_properties(path: Path = PAGE_PATH) -> list[PageProperty]:
    """The page's table of ContactEntity properties (the request body)."""
    return _table(_section(_text(path), REQUEST_TABLE_HEADING))


def response_properties(path: Path = PAGE_PATH) -> list[PageProperty]:
    """The page's table of ContactEntityWithLinks properties (the 200 response body)."""
    return _table(_section(_text(path), RESPONSE_TABLE_HEADING))


def sample_request_message(path: Path = PAGE_PATH) -> str:
    """The page's sample request, as the HTTP message it prints."""
    return _code_block(_section(_text(path), SAMPLE_REQUEST_HEADING))


def sample_request(path: Path = PAGE_PATH) -> dict[str, Any]:
    """The JSON body of the page's sample request."""
    return _json_body(sample_request_message(path))


def sample_response(path: Path = PAGE_PATH) -> dict[str, Any]:
    """The JSON body of the page's sample response."""
    return _json_body(_code_block(_section(_text(path), SAMPLE_RESPONSE_HEADING)))
