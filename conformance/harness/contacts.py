"""The contacts one worker may modify: read first, restored (or deleted) at the end, restore verified.

Without ``--contact-id`` each worker creates its own contacts with POST and
deletes them at the end. With ``--contact-id`` the ids are shared out between
workers; each contact is read before the first test and PUT back afterwards. Other
contacts the worker creates are made only when a test first asks for them (the race, the path-id test).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from conformance.generation.strategies import field_lengths, pools
from conformance.harness.client import Client
from conformance.harness.target import Target
from conformance.judging import checks
from conformance.judging.outcomes import ConfigError, HarnessError, Nonconformance
from conformance.spec.rules import SERVER_COMPUTED_MEMBERS, SERVER_OWNED

#: Ids tried, from the top of the int32 range down, for "a contact that does not exist".
UNKNOWN_ID_CEILING = 2_147_480_000


@dataclass
class WorkContact:
    """A contact the suite works on, with how it looked before the suite touched it."""

    id: int
    snapshot: dict
    created: bool


@dataclass
class Workspace:
    """One worker's contacts and what it knows about them."""

    target: Target
    client: Client
    primary: WorkContact
    others: list[WorkContact]  # made when first asked for (others_up_to()) by make_other, or given
    lengths: dict[str, int]
    #: makes contact number n (2, 3, ...) of this worker; None when the worker works on given contacts only
    make_other: Callable[[int], WorkContact] | None = field(default=None, repr=False)
    strays: list[int] = field(default_factory=list)
    #: The primary contact as last read, with the number of PUTs this process had sent then: still true while no PUT
    #: followed.
    last_read: tuple[int, dict] | None = field(default=None, repr=False)
    #: The primary contact as first read after its last reset, and the PUT count that reset left.
    clean_read: dict | None = field(default=None, repr=False)
    reset_mark: int | None = field(default=None, repr=False)
    #: A test failed: the next case resets the contact whatever it sends (distrust()).
    distrusted: bool = field(default=False, repr=False)

    def reset(self, contact: WorkContact | None = None) -> dict:
        """Put a contact back as it was before the suite started; returns the target's representation.

        The reset is a schema-valid PUT to an existing id: an answer other than a valid 200 (a broken connection
        included) fails put.ok; only a target that stopped answering altogether is a harness error.
        """
        contact = contact or self.primary
        answer = self.client.send("PUT", self.client.contact_path(contact.id), json_body=contact.snapshot)
        if contact is self.primary:
            self.clean_read, self.reset_mark = None, self.puts_sent()
        return checks.valid_contact(answer, requirement="put.ok")

    def puts_sent(self) -> int:
        """How many PUTs this process has sent (by any of its clients, the race's included)."""
        return len(self.client.ledger.latencies.get("PUT", ()))

    def remember(self, stored: dict) -> None:
        """The primary contact as just read (GET): true until this process sends its next PUT."""
        self.last_read = (self.puts_sent(), stored)
        if self.reset_mark == self.last_read[0]:
            self.clean_read = stored

    def current(self) -> dict | None:
        """The primary contact as last read, while no PUT has been sent since; else None."""
        return self.last_read[1] if self.last_read is not None and self.last_read[0] == self.puts_sent() else None

    def start_clean(self) -> None:
        """Reset the primary contact, unless the last read shows it exactly as it was read after its last reset.

        A refused PUT that changed nothing (the stored contact read again, UpdatedDate included) leaves
        nothing to reset: the next case starts from the same contact and saves a PUT and a GET.
        """
        current = self.current()
        if self.distrusted or current is None or current != self.clean_read:
            self.distrusted = False
            self.reset()

    def prepare(self, *, sets_every_field: bool) -> None:
        """Before a PUT case: reset the primary contact where the case depends on what is stored.

        A PUT that sets every writable field sends the same whatever the case before stored (the read-only
        fields it carries are the stored ones, which no PUT changes), so it starts from the contact as last
        read. A PUT of a few fields leaves the others in play, so it starts from the contact as reset.
        After a failure (distrust()) the next case resets whatever it sends.
        """
        if self.distrusted or not sets_every_field:
            self.start_clean()

    def distrust(self) -> None:
        """A test failed: the contact may hold what a faulty target did, so the next case starts from a reset."""
        self.distrusted = True

    def __repr__(self) -> str:
        ids = ", ".join(str(c.id) for c in self.contacts())
        return f"Workspace(contacts=[{ids}], target={self.target.base_url})"

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        """How Hypothesis prints this fixture in a failing example: briefly, without snapshots or credentials."""
        printer.text(repr(self))

    def baseline(self, contact: WorkContact | None = None) -> dict:
        """Reset a contact and return it as stored: a GET where the target has one, else the PUT's answer."""
        answer = self.reset(contact)
        return self.read(contact) or answer

    def read(self, contact: WorkContact | None = None) -> dict | None:
        """The contact as the target stores it (GET), or None when the target has no GET.

        A GET after the suite's PUTs must return a valid contact: anything else fails put.persisted.
        """
        contact = contact or self.primary
        if not self.target.has_get:
            return None
        answer = self.client.send("GET", self.client.contact_path(contact.id))
        return checks.valid_contact(answer, requirement="put.persisted")

    def unknown_id(self) -> int:
        """An id no contact has (checked with GET where the target has it)."""
        for candidate in range(UNKNOWN_ID_CEILING, UNKNOWN_ID_CEILING - 50, -1):
            if not self.target.has_get:
                return candidate
            if self.client.send("GET", self.client.contact_path(candidate), setup=True).status == 404:
                return candidate
        raise HarnessError("could not find an unused contact id")

    def other(self) -> WorkContact | None:
        """A second contact (created on first use); None when the worker has only one."""
        others = self.others_up_to(1)
        return others[0] if others else None

    def others_up_to(self, count: int) -> list[WorkContact]:
        """Up to ``count`` contacts besides the primary, created on first use (only those given, with --contact-id)."""
        while len(self.others) < count and self.make_other is not None:
            self.others.append(self.make_other(len(self.others) + 2))
        return self.others[:count]

    def contacts(self) -> list[WorkContact]:
        return [self.primary, *self.others]

    def restore(self) -> list[dict]:
        """Restore or delete every contact touched; one record per contact, saying whether it was verified."""
        records = [self._restore(contact) for contact in self.contacts()]
        records += [self._delete(contact_id, "stray") for contact_id in self.strays]
        return records

    def _restore(self, contact: WorkContact) -> dict:
        if contact.created:
            return self._delete(contact.id, "created")
        record = {"contact_id": contact.id, "action": "restored", "verified": False, "problem": None}
        try:
            restored = self.reset(contact)
            after = self.read(contact) or restored
            difference = checks.first_difference(
                _without_computed(contact.snapshot), _without_computed(after), ignore=SERVER_OWNED
            )
            if difference is not None:
                raise HarnessError(f"contact {contact.id} differs from its snapshot at {difference[0] or '/'}")
            record["verified"] = True
        except (HarnessError, Nonconformance) as error:
            record["problem"] = str(error)
        return record

    def _delete(self, contact_id: int, origin: str) -> dict:
        record = {"contact_id": contact_id, "action": f"deleted ({origin})", "verified": False, "problem": None}
        try:
            answer = self.client.send("DELETE", self.client.contact_path(contact_id), setup=True)
            if answer.status not in (200, 204, 404):
                record["problem"] = f"DELETE answered {answer.status}"
            elif self.target.has_get:
                gone = self.client.send("GET", self.client.contact_path(contact_id), setup=True).status == 404
                record["verified"] = gone
                record["problem"] = None if gone else "still there after DELETE"
        except HarnessError as error:
            record["problem"] = str(error)
        return record


def _without_computed(value):
    """A body without the members the server computes (StrippedValue, Formatted), at any depth: no PUT sets them."""
    if isinstance(value, dict):
        return {k: _without_computed(v) for k, v in value.items() if k not in SERVER_COMPUTED_MEMBERS}
    if isinstance(value, list):
        return [_without_computed(item) for item in value]
    return value


def creation_body(seed: int, worker: int, number: int) -> dict:
    """A realistic new contact, the same for a given seed, worker and number."""
    chance = random.Random(f"{seed}/{worker}/{number}")
    pick = {name: chance.choice(values) for name, values in pools().items()}
    return {
        "Name": pick["Name"][:80],
        "Department": pick["Department"][:80],
        "OrgNr": pick["OrgNr"],
        "Number1": pick["Number"],
        "Number2": "",
        "Description": f"Created by the conformance suite (worker {worker})",
        "Emails": [{"Value": pick["Emails"], "Description": "Work"}],
        "Phones": [{"Value": pick["Phones"], "Description": "Main"}],
        "Urls": [{"Value": pick["Urls"], "Description": ""}],
        "Faxes": [{"Value": pick["Faxes"], "Description": ""}],
        "Domains": [pick["Domains"]],
        "NoMailing": False,
        "Xstop": False,
    }


def _created(client: Client, body: dict) -> WorkContact:
    answer = client.send("POST", "/api/v1/Contact", json_body=body, setup=True)
    snapshot = checks.readable(answer)[0] if answer.status == 200 else None
    if not isinstance(snapshot, dict) or not isinstance(snapshot.get("ContactId"), int):
        raise HarnessError(f"could not create a contact to work on (POST answered {answer.status})")
    return WorkContact(snapshot["ContactId"], snapshot, created=True)


def _existing(client: Client, target: Target, contact_id: int) -> WorkContact:
    if not target.has_get:
        raise ConfigError(f"contact {contact_id} cannot be read first: the target has no GET Contact/{{id}}")
    answer = client.send("GET", client.contact_path(contact_id), setup=True)
    snapshot, problem = checks.readable(answer) if answer.status == 200 else (None, f"GET answered {answer.status}")
    if not isinstance(snapshot, dict):
        raise HarnessError(
            f"could not read contact {contact_id} before the tests ({problem or 'the body is not an object'})"
        )
    return WorkContact(contact_id, snapshot, created=False)


def provision(
    target: Target, client: Client, contact_ids: tuple[int, ...], *, worker: int, workers: int, seed: int
) -> Workspace:
    """This worker's contacts: its share of ``contact_ids``, or a new one (and others when a test asks for them)."""
    if contact_ids:
        share = contact_ids[worker::workers]
        if not share:
            raise ConfigError(f"{len(contact_ids)} contact ids for {workers} workers: give at least one per worker")
        contacts = [
            _existing(client, target, contact_id) for contact_id in share[:2]
        ]  # read first: a bad id stops the run
        return Workspace(target, client, contacts[0], contacts[1:], field_lengths(contacts[0].snapshot))
    primary = _created(client, creation_body(seed, worker, 1))
    return Workspace(
        target,
        client,
        primary,
        [],
        field_lengths(primary.snapshot),
        make_other=lambda number: _created(client, creation_body(seed, worker, number)),
    )
