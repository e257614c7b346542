"""Optimistic concurrency with If-Unmodified-Since (SPEC-NOTES, "If-Unmodified-Since").

Last modification = the contact's UpdatedDate, compared at one-second resolution
(an HTTP-date carries no fractions, RFC 9110 §13.1.4). Every date sent here is
derived from the UpdatedDate the target itself returned. Later dates (ius.future) and the
RFC 850 and asctime formats (ius.obsolete-formats) are tested in test_if_unmodified_since_dates.py, and
judged in every context by test_contexts.py and test_model.py.
"""

import threading
from datetime import timedelta

import pytest

from conformance.harness.exploration import repeats
from conformance.judging import checks
from conformance.judging.outcomes import Nonconformance, blame
from conformance.spec import carriers
from conformance.spec.httpdate import imf_fixdate
from conformance.suite import draws, last_modified, requirement, wait_for_next_second, with_values


def _conditional_put(client, contact_id, body, date_header, role="conditional PUT"):
    return client.send(
        "PUT", client.contact_path(contact_id), json_body=body, headers={"If-Unmodified-Since": date_header}, role=role
    )


def _unchanged(client, target, contact_id, before, requirement_id, refused):
    """The contact is exactly as it was (checked with GET where the target has it); else the ``refused`` PUT is to
    blame."""
    if target.has_get:
        after = checks.valid_contact(client.send("GET", client.contact_path(contact_id)), requirement=requirement_id)
        with blame(refused):
            checks.same_values(before, after, requirement=requirement_id, what="the contact refused with 412")


@requirement("ius.stale")
@pytest.mark.parametrize(
    "age", [timedelta(seconds=1), timedelta(days=1), timedelta(days=3650)], ids=["1s", "1d", "10y"]
)
@draws("ius:imf-earlier")
def test_stale_date_is_refused_with_412_and_changes_nothing(client, workspace, target, age):
    """A date earlier than the last modification answers 412, and the contact is left exactly as it was."""
    before = workspace.baseline()
    stale = last_modified(before).replace(microsecond=0) - age
    body = with_values(before, {"Name": "Must not be saved", "Department": "Stale"})
    response = _conditional_put(client, workspace.primary.id, body, imf_fixdate(stale))
    checks.status_is(response, 412, requirement="ius.stale")
    _unchanged(client, target, workspace.primary.id, before, "ius.stale", response)


@requirement("ius.current")
@draws("ius:imf-same-second")
def test_the_last_modification_itself_is_accepted(client, workspace):
    """The UpdatedDate itself (cut to the second, as an IMF-fixdate) answers 200."""
    before = workspace.reset()
    body = with_values(before, {"Name": "Current date accepted"})
    response = _conditional_put(client, workspace.primary.id, body, imf_fixdate(last_modified(before)))
    checks.echoed(
        body, checks.valid_contact(response, requirement="ius.current"), requirement="ius.current", fields=["Name"]
    )


@requirement("ius.absent")
@draws("ius:absent")
def test_without_the_header_the_update_is_unconditional(client, workspace):
    """Without If-Unmodified-Since two PUTs in a row both update, however recently the contact changed."""
    first = with_values(workspace.primary.snapshot, {"Name": "First, unconditional"})
    checks.echoed(
        first,
        checks.valid_contact(
            client.send("PUT", client.contact_path(workspace.primary.id), json_body=first), requirement="ius.absent"
        ),
        requirement="ius.absent",
        fields=["Name"],
    )
    body = with_values(workspace.primary.snapshot, {"Name": "Second, unconditional"})
    response = client.send("PUT", client.contact_path(workspace.primary.id), json_body=body)
    checks.echoed(
        body, checks.valid_contact(response, requirement="ius.absent"), requirement="ius.absent", fields=["Name"]
    )


@requirement("ius.invalid")
@pytest.mark.parametrize(
    "value", ["yesterday", "Wed, 32 Oct 2015 07:28:00 GMT", "1445412480", "2015-10-21T07:28:00Z", ""]
)
@draws("ius:unparseable")
def test_an_unparseable_date_is_ignored(client, workspace, value):
    """An If-Unmodified-Since that is not an HTTP-date is ignored: the PUT updates (RFC 9110)."""
    before = workspace.reset()
    body = with_values(before, {"Name": "Invalid date ignored"})
    response = _conditional_put(client, workspace.primary.id, body, value)
    checks.echoed(
        body, checks.valid_contact(response, requirement="ius.invalid"), requirement="ius.invalid", fields=["Name"]
    )


def _accepted_schemes(client, target, contact_id: int) -> list:
    """The Authorization values of the run that the target accepts (one GET each), the run's own when it has no
    GET: a scheme it refuses is auth.scheme's to judge, not the race's."""
    given = list(target.authorizations().values())
    if not target.has_get or len(given) < 2:
        return [True]
    path = client.contact_path(contact_id)
    accepted = [
        header
        for header in given
        if client.send("GET", path, authorization=header, setup=True, role="setup: credentials for the race").status
        == 200
    ]
    return accepted or [True]


def _race(client, contact_id: int, before: dict, clients: int, schemes: list) -> list:
    """Send ``clients`` conditional PUTs at once, each from its own connection, taking turns at the credential
    ``schemes``; all are kept as evidence ("racer NN")."""
    date = imf_fixdate(last_modified(before))
    names = [f"Racer {n:02d}" for n in range(clients)]
    answers: list = [None] * clients
    gate = threading.Barrier(clients)

    def racer(index: int) -> None:
        own = client.sibling()
        body = with_values(before, {"Name": names[index]})
        try:
            gate.wait(timeout=30)
            answers[index] = own.send(
                "PUT",
                own.contact_path(contact_id),
                json_body=body,
                headers={"If-Unmodified-Since": date},
                authorization=schemes[index % len(schemes)],
                role=f"racer {index:02d}",
            )
        finally:
            own.close()

    threads = [threading.Thread(target=racer, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


#: Contacts the race test races for at most (one per round): the rounds of a batch share one wait for the next second.
RACE_CONTACTS = 4


@requirement("ius.race")
@repeats("race_rounds", "race_clients")
@draws("ius:concurrent")
def test_concurrent_conditional_puts_have_exactly_one_winner(client, workspace, target, profile, run_budget):
    """N concurrent PUTs with the same current date: exactly one 200, N-1 412, and the winner's values stored.

    The stored contact must be the winner's down to its UpdatedDate: a refused PUT applied after it
    would leave a later one. Each round races for a contact of its own (up to RACE_CONTACTS), so that the rounds
    wait for the target's next second once.
    """
    schemes = _accepted_schemes(client, target, workspace.primary.id)
    rounds = list(run_budget.rounds(profile.race_rounds, minimum=1))
    contacts = [workspace.primary, *workspace.others_up_to(min(len(rounds), RACE_CONTACTS) - 1)]
    for first in range(0, len(rounds), len(contacts)):
        batch = contacts[: len(rounds) - first]
        written = [workspace.reset(contact) for contact in batch]
        wait_for_next_second(client, max(written, key=last_modified))
        for contact, before in zip(batch, written, strict=True):
            _judge_one_race(client, target, contact.id, before, profile.race_clients, schemes)


def _judge_one_race(client, target, contact_id: int, before: dict, clients: int, schemes: list) -> None:
    """One round: the racers' answers are one 200 and the rest 412, and the stored contact is the winner's."""
    answers = _race(client, contact_id, before, clients, schemes)
    racers = [a for a in answers if a is not None]
    statuses = [a.status if a is not None and not a.error else (a.error if a else "no answer") for a in answers]
    winners = [i for i, status in enumerate(statuses) if status == 200]
    if len(winners) != 1 or statuses.count(412) != len(statuses) - 1:
        raise Nonconformance(
            "ius.race",
            f"{len(statuses)} concurrent conditional PUTs",
            expected="one 200 and the rest 412",
            actual=sorted(statuses, key=str),
            culprit=racers,
        )
    if not target.has_get:
        return
    winner = checks.json_body(answers[winners[0]], requirement="ius.race")
    stored = checks.valid_contact(client.send("GET", client.contact_path(contact_id)), requirement="ius.race")
    for name in ("Name", "UpdatedDate"):
        if not checks.equal(stored.get(name), winner.get(name), carriers.contact().properties[name]):
            raise Nonconformance(
                "ius.race",
                "the stored contact is not the winner's (a refused PUT was applied)",
                pointer=f"/{name}",
                expected=winner.get(name),
                actual=stored.get(name),
                culprit=racers,
            )
