"""Faults in $select: ignored, case-sensitive, dropping keys, nested paths, blanks, empty, saving less."""

from __future__ import annotations

from conformance.spec import carriers  # noqa: F401 - used by SelectEmptyStrings
from conformance.targets.faults import fault
from conformance.targets.reference import projection
from conformance.targets.reference.app import ReferenceApp


def _raw_select(request):
    return request.query_params.get("$select")


@fault(
    "select-ignored",
    "select",
    "select.projection",
    "select.case-insensitive",
    "select.nested.others-null",
    "select.spaces",
)
class SelectIgnored(ReferenceApp):
    """Ignores $select and always answers the full contact."""

    def selection(self, request):
        return None


@fault("select-case-sensitive", "select", "select.projection", "select.case-insensitive", "select.nested")
class SelectCaseSensitive(ReferenceApp):
    """Matches $select names case-sensitively, so name,department selects nothing."""

    def selection(self, request):
        raw = _raw_select(request)
        tree = projection.parse_select(raw)
        if not tree:
            return tree
        written = {part.strip().split("/")[0] for part in raw.split(",")}
        return {name: sub for name, sub in tree.items() if name in written}


@fault(
    "select-drops-keys",
    "select",
    "select.projection",
    "select.case-insensitive",
    "select.nested",
    "select.spaces",
    "select.saves-all",
)
class SelectDropsKeys(ReferenceApp):
    """Removes unselected properties from the body instead of nulling them."""

    def representation(self, request, contact):
        body = super().representation(request, contact)
        selection = self.selection(request)
        return body if selection is None else {k: v for k, v in body.items() if k in selection}


@fault("select-nested-ignored", "select", "select.nested")
class SelectNestedIgnored(ReferenceApp):
    """Ignores $select paths with a slash: category/id selects nothing."""

    def selection(self, request):
        raw = _raw_select(request)
        if raw is None:
            return None
        kept = ",".join(part for part in raw.split(",") if "/" not in part)
        return projection.parse_select(kept) if kept.strip() else projection.parse_select("__none__")


@fault("select-nested-whole", "select", "select.nested.others-null")
class SelectNestedWhole(ReferenceApp):
    """Keeps the whole carrier for category/id instead of only its Id."""

    def selection(self, request):
        tree = super().selection(request)
        return None if tree is None else {name: None for name in tree}


@fault("select-blanks-kept", "select", "select.spaces")
class SelectBlanksKept(ReferenceApp):
    """Does not trim blanks around $select names, so 'Name, Department' loses Department."""

    def selection(self, request):
        raw = _raw_select(request)
        if raw is None or not raw.strip():
            return None
        return projection.parse_select(",".join(part for part in raw.split(",") if part == part.strip()) or "__none__")


@fault("select-empty-nulls-all", "select", "select.empty")
class SelectEmptyNullsAll(ReferenceApp):
    """Treats an empty $select as selecting nothing, nulling every property."""

    def selection(self, request):
        raw = _raw_select(request)
        return {} if raw is not None and not raw.strip() else super().selection(request)


@fault("select-saves-selected-only", "select", "select.saves-all")
class SelectSavesSelectedOnly(ReferenceApp):
    """With $select, saves only the selected properties and keeps the rest as they were."""

    async def put_contact(self, request, contact_id):
        entity = self.read_entity(request.headers.get("content-type"), await self.read_body(request))
        selection = self.selection(request)
        if selection is not None:
            current = self.store.get(contact_id) or {}
            entity = {**current, **{name: value for name, value in entity.items() if name in selection}}
        stored = self.replace_contact(contact_id, entity, self.unmodified_since(request))
        return self.answer(request, stored)


@fault("select-empty-strings", "select", "select.projection", "select.case-insensitive", "select.spaces")
class SelectEmptyStrings(ReferenceApp):
    """Writes unselected strings as "" instead of null."""

    def representation(self, request, contact):
        body = super().representation(request, contact)
        if self.selection(request) is None:
            return body
        kinds = carriers.contact().properties
        return {k: ("" if v is None and kinds.get(k) and kinds[k].name == "string" else v) for k, v in body.items()}
