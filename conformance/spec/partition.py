"""The partition of every input a client controls: its equivalence classes and boundaries, from the standards.

Each class names the input it belongs to, what makes a value a member, the document that governs it and the
requirements it bears on. ``conformance/generation/members.py`` gives each class a Hypothesis strategy of its
members and the boundary members every run sends; a suite test draws from a class with
``@drawing("select:repeated", "select")`` (boundaries, then drawn members) or, for a fixed value or a sequence,
says it sends one with ``@draws("select:repeated")``. ``tests/test_partition.py`` fails when a class has no
strategy, a strategy draws nothing, a class has no test drawing from it, or a test draws from a class the
partition does not list. ``docs/partition.md`` is rendered from this table (``python -m conformance.spec.partition``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputClass:
    """One equivalence class (or boundary) of one input: values the governing standard treats alike."""

    id: str
    input: str
    members: str
    source: str
    requirements: tuple[str, ...]


def _c(id: str, input: str, members: str, source: str, *requirements: str) -> InputClass:
    return InputClass(id, input, members, source, requirements)


RFC9110 = "RFC 9110"
PAGE = "PUT-Contact-id.md"
NOTES = "SPEC-NOTES"

PARTITION: tuple[InputClass, ...] = (
    # The path id (the page: "id: int32, The id of the contact"; SPEC-NOTES, "Status codes and bodies").
    _c("id:existing", "path id", "the id of a contact that exists", PAGE, "put.ok"),
    _c("id:unknown", "path id", "an int32 no contact has", f"{NOTES} Status codes", "put.unknown-id"),
    _c("id:not-a-number", "path id", "letters where digits belong", f"{PAGE} (int32)", "status.documented"),
    _c(
        "id:int32-edges",
        "path id",
        "just past int32 (2147483648) and below zero (-1)",
        f"{PAGE} (int32)",
        "error.shape",
    ),
    _c(
        "id:other-in-body",
        "path id",
        "a body ContactId other than the path id",
        f"{NOTES} What a PUT does",
        "put.path-id",
    ),
    # $select (OData system query option, case-insensitive names as SPEC-NOTES fixes).
    _c("select:absent", "$select", "no $select at all", f"{NOTES} $select", "put.ok"),
    _c("select:names", "$select", "a comma-separated list of top-level names", "OData $select", "select.projection"),
    _c("select:case", "$select", "names in any letter case", f"{NOTES} $select", "select.case-insensitive"),
    _c("select:blanks", "$select", "blanks around names and commas", f"{NOTES} $select", "select.spaces"),
    _c("select:empty", "$select", "$select= with nothing after it", f"{NOTES} $select", "select.empty"),
    _c("select:unknown-name", "$select", "a name the contact does not have", f"{NOTES} $select", "select.unknown"),
    _c("select:path", "$select", "a path into a carrier (category/id)", "OData $select", "select.nested"),
    _c(
        "select:repeated",
        "$select",
        "the same name twice, in the same or another case",
        "OData $select",
        "select.projection",
    ),
    _c(
        "select:path-into-scalar",
        "$select",
        "a path below a string or a boolean (Name/x, NoMailing/x)",
        "OData $select",
        "server.no-5xx",
        "select.unknown",
    ),
    _c("select:object-and-path", "$select", "an object and a path into it", "OData $select", "select.projection"),
    # If-Unmodified-Since (RFC 9110 §13.1.4; HTTP-date §5.6.7; one-second resolution by SPEC-NOTES).
    _c("ius:absent", "If-Unmodified-Since", "no condition", f"{RFC9110} §13.1.4", "ius.absent"),
    _c(
        "ius:imf-earlier",
        "If-Unmodified-Since",
        "an IMF-fixdate before the last modification",
        f"{RFC9110} §5.6.7",
        "ius.stale",
    ),
    _c(
        "ius:imf-same-second",
        "If-Unmodified-Since",
        "the last modification's own second",
        f"{NOTES} If-Unmodified-Since",
        "ius.current",
    ),
    _c("ius:later", "If-Unmodified-Since", "a date after the last modification", f"{RFC9110} §13.1.4", "ius.future"),
    _c("ius:obsolete", "If-Unmodified-Since", "RFC 850 and asctime dates", f"{RFC9110} §5.6.7", "ius.obsolete-formats"),
    _c("ius:unparseable", "If-Unmodified-Since", "a value that is no HTTP-date", f"{RFC9110} §13.1.4", "ius.invalid"),
    _c(
        "ius:concurrent",
        "If-Unmodified-Since",
        "N conditional PUTs with the same date at once",
        f"{NOTES} If-Unmodified-Since",
        "ius.race",
    ),
    # Content-Type (RFC 9110 §8.3; type, subtype and parameter names case-insensitive, charset value too).
    _c("content:json", "Content-Type", "application/json, with or without charset", f"{RFC9110} §8.3", "put.ok"),
    _c("content:text-json", "Content-Type", "text/json", f"{PAGE} request formats", "content.json"),
    _c(
        "content:spelling",
        "Content-Type",
        "a JSON type in another case, charset quoted or in another case",
        f"{RFC9110} §8.3.1, §5.6.6",
        "content.json",
    ),
    _c("content:xml", "Content-Type", "application/xml and text/xml", f"{PAGE} request formats", "content.xml"),
    _c(
        "content:unsupported",
        "Content-Type",
        "a type the page does not list (text/plain, octet-stream)",
        f"{RFC9110} §15.5.16",
        "content.unsupported",
    ),
    _c(
        "content:charsets",
        "Content-Type",
        "a charset that does not exist, is no text encoding, has no character for the body's bytes, or decodes to a "
        "lone surrogate",
        f"{RFC9110} §8.3.2; RFC 8259 §8.1",
        "server.no-5xx",
    ),
    _c("content:none", "Content-Type", "no Content-Type on an empty body", f"{NOTES} Status codes", "put.no-body"),
    _c(
        "content:patch-forms",
        "Content-Type",
        "merge-patch, json-patch and form bodies",
        f"{PAGE} request formats",
        "content.merge-patch",
    ),
    # Accept (RFC 9110 §12.5.1).
    _c("accept:absent", "Accept", "no Accept header", f"{RFC9110} §12.5.1", "put.ok"),
    _c("accept:json", "Accept", "application/json and text/json", f"{PAGE} response formats", "accept.json"),
    _c("accept:xml", "Accept", "application/xml and text/xml", f"{PAGE} response formats", "accept.xml"),
    _c(
        "accept:spelling",
        "Accept",
        "a listed type in another case, with parameters",
        f"{RFC9110} §12.5.1",
        "accept.xml",
    ),
    _c(
        "accept:q-values",
        "Accept",
        "a listed type refused with q=0, alone or beside another type of any weight",
        f"{RFC9110} §12.4.2, §12.5.1",
        "accept.json",
        "accept.xml",
    ),
    _c(
        "accept:ranges",
        "Accept",
        "application/*, text/* and */* with a weight",
        f"{RFC9110} §12.5.1",
        "put.ok",
        "accept.json",
        "accept.xml",
    ),
    _c(
        "accept:broken-weights",
        "Accept",
        "a q-value that is no number (q=abc, q=, q=1.5.2)",
        f"{RFC9110} §12.4.2",
        "server.no-5xx",
    ),
    # Authorization (RFC 7617 Basic, RFC 6750 Bearer, SuperOffice SoTicket).
    _c("auth:none", "Authorization", "no credentials", f"{NOTES} Authentication", "auth.required"),
    _c(
        "auth:valid",
        "Authorization",
        "each scheme the run has credentials for",
        f"{NOTES} Authentication",
        "auth.scheme",
    ),
    _c(
        "auth:valid-with-a-bad-body",
        "Authorization",
        "valid credentials on a request whose body is malformed, mistyped or too long",
        f"{RFC9110} §15.5.2",
        "auth.scheme",
    ),
    _c(
        "auth:wrong",
        "Authorization",
        "a secret the server never issued, in each scheme",
        "RFC 7617, RFC 6750",
        "auth.invalid",
    ),
    _c(
        "auth:neighbours",
        "Authorization",
        "a valid secret one character off, extended, truncated or in another case",
        "RFC 7617 §2, RFC 6750 §2.1",
        "auth.invalid",
    ),
    _c(
        "auth:before-all",
        "Authorization",
        "no valid credentials on a request wrong in another way too",
        f"{NOTES} Authentication",
        "auth.required",
    ),
    # The headers the page names.
    _c(
        "headers:language",
        "SO-Language / Accept-Language",
        "a language, a list with q-values",
        f"{PAGE} headers",
        "headers.tolerated",
    ),
    _c(
        "headers:language-forms",
        "Accept-Language",
        "the wildcard *, an empty list element, q=0, tags in any case",
        f"{RFC9110} §12.5.4, §5.6.1.2; RFC 4647 §2.1",
        "headers.tolerated",
    ),
    _c("headers:timezone", "SO-TimeZone", "a known zone", f"{PAGE} headers", "headers.timezone-utc"),
    _c("headers:app-token", "SO-AppToken", "any token", f"{PAGE} headers", "headers.tolerated"),
    # Body values (RFC 8259; XML Schema 1.0 datatypes for XML; lengths from the Swagger).
    _c("body:valid", "body", "any schema-valid entity", "Swagger ContactEntity", "put.ok"),
    _c("body:empty", "body", "no bytes at all", f"{NOTES} Status codes", "put.no-body"),
    _c("body:malformed", "body", "JSON that does not parse", "RFC 8259", "put.malformed"),
    _c(
        "body:string-edges",
        "body strings",
        "empty, at the field length, non-BMP, combining marks",
        "Swagger lengths, RFC 8259 §7",
        "put.echo",
    ),
    _c(
        "body:problem-values",
        "body strings",
        "the project's pool of values that break real servers (problem_values.py), in JSON and XML",
        "Big List of Naughty Strings; RFC 8259 §7; UAX #15",
        "put.echo",
        "content.xml",
    ),
    _c(
        "body:length-limits",
        "body strings",
        "a string at, one under and one over its FieldLength (UTF-16 units)",
        f"{NOTES} put.field-length",
        "put.echo",
    ),
    _c("body:line-endings", "body strings", "CR LF and a lone CR inside a string", "RFC 8259 §7", "put.echo"),
    _c("body:xml-boolean", "XML body", "true, false, 1, 0, with blanks around", "XML Schema 1.0 §3.2.2", "content.xml"),
    _c("body:xml-cr", "XML body", "a carriage return as &#13;", "XML 1.0 §2.11", "content.xml"),
    _c("body:read-only", "body", "server-owned fields sent by the client", f"{NOTES} What a PUT does", "put.readonly"),
    # Sequences of requests (the model of the contact: each ordering's expected state).
    _c(
        "seq:after-get",
        "sequence",
        "a PUT right after a GET of the contact",
        f"{NOTES} What a PUT does",
        "put.persisted",
    ),
    _c("seq:same-second", "sequence", "two PUTs within one second", f"{NOTES} If-Unmodified-Since", "ius.current"),
    _c(
        "seq:after-refusal",
        "sequence",
        "a PUT after a refused one (401, 412, 415)",
        f"{NOTES} What a PUT does",
        "put.persisted",
    ),
    _c("seq:repeated", "sequence", "the same PUT twice", f"{NOTES} What a PUT does", "put.idempotent"),
    _c(
        "seq:any-context",
        "sequence",
        "PUTs in any context, in any order",
        f"{NOTES} (every rule in every context)",
        "put.ok",
    ),
)

BY_ID = {c.id: c for c in PARTITION}


def render() -> str:
    """docs/partition.md: the classes input by input, with their sources and requirements."""
    lines = [
        "# The partition of the inputs",
        "",
        "Every input a client controls, split into the classes of values its governing document treats alike,",
        "with the requirements each class bears on. Rendered from `conformance/spec/partition.py`",
        "(`python -m conformance.spec.partition > docs/partition.md`). Each class has a Hypothesis strategy of its",
        "members and the boundary members every run sends (`conformance/generation/members.py`); suite tests draw",
        "from it with `@drawing(class, argument)`, or mark a fixed value or a sequence with `@draws(class)`.",
        "`tests/test_partition.py` fails when a class has no strategy, a strategy draws nothing, no suite test",
        "draws from a class, or this page is out of date.",
        "",
        "| class | input | members | source | requirements |",
        "|---|---|---|---|---|",
    ]
    for c in PARTITION:
        requirements = ", ".join(f"`{r}`" for r in c.requirements)
        lines.append(f"| `{c.id}` | {c.input} | {c.members} | {c.source} | {requirements} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
