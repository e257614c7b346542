"""A body as people read it: JSON pretty-printed, bulky members folded, the culprit member highlighted."""

from __future__ import annotations

import base64
import json
from html import escape
from typing import Any

from conformance.report.diff import pointer_token

#: Members that describe rights and field metadata: long, and never what a finding is about.
BULKY_NAMES = frozenset({"FieldProperties", "TableRight", "FieldRight", "CustomFields", "ExtraFields"})
#: A member whose JSON is longer than this is folded too.
BULKY_CHARS = 600


def text(body: dict | None) -> str:
    """The body of an exchange record as text (base64 bodies decoded where they are UTF-8)."""
    if not body:
        return ""
    if body.get("encoding") == "base64":
        raw = base64.b64decode(body["data"])
        return raw.decode("utf-8", "replace")
    return body.get("data", "")


def render(body: dict | None, culprit_pointers: frozenset[str] = frozenset()) -> str:
    """HTML for a body record: JSON as a tree, anything else as wrapped text, with a note when it was cut."""
    if not body:
        return '<p class="muted">(no body)</p>'
    raw = text(body)
    note = ""
    if body.get("cut"):
        note = f'<p class="muted">cut: {len(raw)} characters kept of {body.get("bytes", "?")} bytes</p>'
    try:
        tree = _value(json.loads(raw), "", culprit_pointers)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than a tree can show (the robustness test's)
        return f'<pre class="body">{escape(raw)}</pre>{note}'
    return f'<div class="body json">{tree}</div>{note}'


def _value(value: Any, pointer: str, marked: frozenset[str]) -> str:
    if isinstance(value, dict):
        members = [
            _member(escape(json.dumps(k, ensure_ascii=False)), v, f"{pointer}/{pointer_token(k)}", marked)
            for k, v in value.items()
        ]
        return "{" + (f'<div class="j-in">{"".join(members)}</div>' if members else "") + "}"
    if isinstance(value, list):
        items = [_member("", v, f"{pointer}/{i}", marked) for i, v in enumerate(value)]
        return "[" + (f'<div class="j-in">{"".join(items)}</div>' if items else "") + "]"
    kind = "str" if isinstance(value, str) else "lit"
    return f'<span class="j-{kind}">{escape(json.dumps(value, ensure_ascii=False))}</span>'


def _member(label: str, value: Any, pointer: str, marked: frozenset[str]) -> str:
    key = f'<span class="j-key">{label}</span>: ' if label else ""
    inner = _value(value, pointer, marked)
    hit = pointer in marked
    within = any(m.startswith(pointer + "/") for m in marked)
    name = pointer.rsplit("/", 1)[-1]
    cls = "j-m culprit-pointer" if hit else "j-m"
    if (
        (name in BULKY_NAMES or len(json.dumps(value, ensure_ascii=False)) > BULKY_CHARS)
        and not (hit or within)
        and isinstance(value, (dict, list))
        and value
    ):
        count = f"{len(value)} {'members' if isinstance(value, dict) else 'items'}"
        opening = "{…}" if isinstance(value, dict) else "[…]"
        return (
            f'<details class="{cls} bulky"><summary>{key}{opening} <span class="muted">{count}</span>'
            f"</summary>{key}{inner}</details>"
        )
    title = f' title="{escape(pointer)}"' if hit else ""
    return f'<div class="{cls}"{title}>{key}{inner}</div>'
