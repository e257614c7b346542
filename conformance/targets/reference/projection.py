"""``$select``: which properties a response keeps; every other one is nulled out.

Names are matched regardless of case, blanks around them are ignored, a path
such as ``category/id`` keeps one member of a carrier (of each item, for a list
of carriers), unknown names are ignored, and an empty ``$select`` selects all.
"""

from __future__ import annotations

from typing import Any, Optional

from conformance.spec import carriers
from conformance.spec.carriers import Carrier, Kind

#: Selected property -> None (the whole value) or the selection inside it.
Selection = dict[str, Optional["Selection"]]


def _carrier_of(kind: Kind) -> Carrier | None:
    while kind.name == "array":
        assert kind.item is not None  # an array kind always has its item kind
        kind = kind.item
    if kind.name != "carrier":
        return None
    assert kind.carrier is not None  # a carrier kind always names its definition
    return carriers.carriers()[kind.carrier]


def _add_path(tree: Selection, carrier: Carrier, segments: list[str]) -> None:
    name = carrier.lookup(segments[0])
    if name is None:
        return
    rest = segments[1:]
    inner = _carrier_of(carrier.properties[name])
    if not rest or inner is None:
        tree[name] = None
        return
    if name in tree and tree[name] is None:
        return
    subtree = tree.setdefault(name, {})
    assert subtree is not None  # a whole-value selection (None) returned above
    _add_path(subtree, inner, rest)


def parse_select(raw: str | None, carrier: Carrier | None = None) -> Selection | None:
    """The selection a ``$select`` value asks for; None means "everything"."""
    if raw is None:
        return None
    names = [name.strip() for name in raw.split(",") if name.strip()]
    if not names:
        return None
    carrier = carrier or carriers.contact()
    tree: Selection = {}
    for name in names:
        _add_path(tree, carrier, [segment.strip() for segment in name.split("/")])
    return tree


def _project_value(value: Any, kind: Kind, selection: Selection | None) -> Any:
    if selection is None or value is None:
        return value
    if kind.name == "array":
        assert kind.item is not None  # an array kind always has its item kind
        return [_project_value(item, kind.item, selection) for item in value]
    if kind.name == "carrier":
        assert kind.carrier is not None  # a carrier kind always names its definition
        return project(value, selection, carriers.carriers()[kind.carrier])
    return value


def project(body: dict, selection: Selection | None, carrier: Carrier | None = None) -> dict:
    """The body with only the selected properties kept and every other one null."""
    if selection is None:
        return body
    carrier = carrier or carriers.contact()
    projected = {}
    for name, value in body.items():
        kind = carrier.properties.get(name)
        if name in selection and kind is not None:
            projected[name] = _project_value(value, kind, selection[name])
        else:
            projected[name] = None
    return projected
