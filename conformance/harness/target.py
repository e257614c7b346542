"""The server under test: where it is, how to reach it, and what it can do (the smoke check).

The smoke check runs once, before any test. When the target cannot be used at
all (unreachable, credentials refused, no contact to work on) it raises
HarnessError or ConfigError with a one-line explanation, and the run stops with
exit code 2 instead of reporting a long list of failures that are not the
target's fault.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field

from conformance.harness.client import Client, Ledger
from conformance.harness.throttle import Pause
from conformance.judging.exchange import Exchange
from conformance.judging.outcomes import ConfigError, HarnessError

AUTH_FORMS_OR = "basic:USER:PASSWORD (or bearer:TOKEN, soticket:TICKET; env CONFORMANCE_AUTH)"

DEFAULT_PATH = "/api/v1/Contact/default"
PROBE_CONTACT = {
    "Name": "Conformance smoke check",
    "Department": "",
    "Emails": [{"Value": "smoke@example.com", "Description": ""}],
}


@dataclass(frozen=True)
class Target:
    """A target's address, credentials and capabilities, shared with every worker."""

    base_url: str
    authorization: str | None = field(repr=False)
    other_authorizations: tuple[tuple[str, str], ...] = field(repr=False)  # (scheme, header value) of further schemes
    headers: tuple[tuple[str, str], ...]
    timeout: float
    embedded: bool
    has_get: bool = True
    has_post: bool = True
    has_delete: bool = True
    declared_schemes: tuple[str, ...] = ()
    pause_file: str | None = (
        None  # where the run's throttling pause is shared between workers (conformance.harness.throttle)
    )

    def authorizations(self) -> dict[str, str]:
        """Authorization header value per scheme the suite has credentials for."""
        pairs = dict(self.other_authorizations)
        if self.authorization:
            pairs = {self.authorization.split(" ", 1)[0]: self.authorization, **pairs}
        return pairs

    def client(self, ledger: Ledger | None = None) -> Client:
        """A new client for this target (one per thread)."""
        return Client(
            self.base_url,
            authorization=self.authorization,
            headers=dict(self.headers),
            timeout=self.timeout,
            ledger=ledger,
            pause=Pause(self.pause_file),
        )

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Target:
        data = dict(data)
        data["other_authorizations"] = tuple(tuple(pair) for pair in data["other_authorizations"])
        data["headers"] = tuple(tuple(pair) for pair in data["headers"])
        data["declared_schemes"] = tuple(data["declared_schemes"])
        return cls(**data)


def _declared_schemes(challenge: str | None) -> tuple[str, ...]:
    """The schemes a WWW-Authenticate header names (``Basic realm="x", Bearer`` -> Basic, Bearer)."""
    if not challenge:
        return ()
    found = []
    for part in challenge.split(","):
        word = part.strip().split(" ")[0].split("=")[0]
        if word and "=" not in part.strip().split(" ")[0] and word.lower() in ("basic", "bearer", "soticket"):
            found.append({"basic": "Basic", "bearer": "Bearer", "soticket": "SoTicket"}[word.lower()])
    return tuple(dict.fromkeys(found))


def smoke_check(target: Target, contact_ids: tuple[int, ...]) -> Target:
    """Check the target can be used at all and find out what it can do; returns the completed Target."""
    client = target.client()
    try:
        return _probe(target, client, contact_ids)
    except HarnessError as error:
        raise HarnessError(f"target {target.base_url} cannot be used: {error}") from None
    finally:
        client.close()


def _probe(target: Target, client: Client, contact_ids: tuple[int, ...]) -> Target:
    """Four round trips: the anonymous and the authenticated GET of the default contact together, a POST, the GET
    and the PUT of the new contact together, its DELETE."""
    anonymous, default = _together(
        client,
        lambda c: c.send("GET", DEFAULT_PATH, authorization=False, setup=True),
        lambda c: c.send("GET", DEFAULT_PATH, setup=True),
    )
    declared = _declared_schemes(anonymous.header("www-authenticate"))
    if default.status == 401:
        raise HarnessError(_refused(target, f"GET {DEFAULT_PATH}"))
    if contact_ids:
        has_get = _check_contacts(client, contact_ids)
        return _with(target, has_get=has_get, has_post=False, has_delete=False, declared_schemes=declared)
    created = client.send("POST", "/api/v1/Contact", json_body=PROBE_CONTACT, setup=True)
    if created.status == 401:
        raise HarnessError(_refused(target, "POST /api/v1/Contact"))
    new_id = _created_id(created)
    if new_id is None:
        raise ConfigError(
            f"no contact to work on: POST /api/v1/Contact answered {created.status} without a ContactId; "
            "name existing contacts with --contact-id"
        )
    path = client.contact_path(new_id)
    read, written = _together(
        client, lambda c: c.send("GET", path, setup=True), lambda c: c.send("PUT", path, json_body=PROBE_CONTACT)
    )
    if written.error and written.error.startswith("no response"):
        raise HarnessError(f"PUT /api/v1/Contact/{new_id} got {written.error}")
    if written.status == 401:
        raise HarnessError("the credentials were refused (401 on PUT)")
    deleted = client.send("DELETE", path, setup=True)
    return _with(
        target,
        has_get=read.status == 200,
        has_post=True,
        has_delete=deleted.status in (200, 204),
        declared_schemes=declared,
    )


def _together(client: Client, *sends: Callable[[Client], Exchange]) -> list[Exchange]:
    """Independent requests sent at once, one round trip for all (each but the first from a client of its own)."""
    siblings = [client.sibling() for _ in sends[1:]]
    try:
        with ThreadPoolExecutor(max_workers=len(siblings)) as pool:
            later = [pool.submit(send, sibling) for send, sibling in zip(sends[1:], siblings, strict=True)]
            return [sends[0](client)] + [future.result() for future in later]
    finally:
        for sibling in siblings:
            sibling.close()


def _refused(target: Target, request: str) -> str:
    """Why a setup request got 401: no credentials given, or the given ones refused."""
    if target.authorization is None:
        return f"the target asks for credentials (401 on {request}) and none were given; add --auth {AUTH_FORMS_OR}"
    return f"the credentials were refused (401 on {request}); check --auth"


def _check_contacts(client: Client, contact_ids: tuple[int, ...]) -> bool:
    """Whether the target has GET; every named contact must exist where it can be checked."""
    has_get = True
    for contact_id in contact_ids:
        answer = client.send("GET", client.contact_path(contact_id), setup=True)
        if answer.status == 404:
            raise ConfigError(f"contact {contact_id} does not exist on the target (GET answered 404)")
        if answer.status == 401:
            raise HarnessError(f"the credentials were refused (401 on GET contact {contact_id}); check --auth")
        if answer.status != 200:
            has_get = False
    return has_get


def _created_id(created) -> int | None:
    if created.status != 200:
        return None
    try:
        body = created.json()
    except ValueError:
        return None
    value = body.get("ContactId") if isinstance(body, dict) else None
    return value if isinstance(value, int) and value > 0 else None


def _with(target: Target, **changes) -> Target:
    return Target(**{**asdict(target), **changes})
