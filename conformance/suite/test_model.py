"""Sequences of PUTs in any context follow the model of the contact (a Hypothesis stateful test).

The machine keeps the contact as the model says it is stored (read once, then
the GET after each step) and sends PUTs whose every dimension is drawn: body
media type, Accept, $select, If-Unmodified-Since relative to the last
UpdatedDate, credentials from the run's and the whole family of wrong ones,
language/zone/app-token headers, body size and values, and repeats a PUT at
once (a PUT after a refusal, a repeat, two writes within one second). Where the target departs
from the model, the finding is credited like the pairwise sweep's and Hypothesis
shrinks the sequence to its shortest reproduction.
"""

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule, run_state_machine_as_test

from conformance.generation.credentials import WRONG_KINDS
from conformance.generation.strategies import XML_TEXT, edge_values, writable_values
from conformance.harness.exploration import repeats
from conformance.judging import contact_model
from conformance.spec.contexts import contexts
from conformance.suite import draws, requirement
from conformance.suite.steps import put_again_in_context, put_in_context

MODEL_REQUIREMENTS = (
    "put.ok",
    "put.echo",
    "put.persisted",
    "put.updated-date",
    "error.shape",
    "select.projection",
    "select.case-insensitive",
    "select.nested",
    "select.nested.others-null",
    "select.spaces",
    "select.empty",
    "select.saves-all",
    "ius.stale",
    "ius.current",
    "ius.future",
    "ius.obsolete-formats",
    "ius.invalid",
    "content.json",
    "content.xml",
    "accept.json",
    "accept.xml",
    "accept.xml.same-values",
    "auth.required",
    "auth.invalid",
    "auth.scheme",
    "headers.tolerated",
    "headers.timezone-utc",
)


def _values(context, lengths):
    """Writable values for a context's body size; text XML can carry when XML is sent or asked for."""
    if context.body == "max":
        return st.just(edge_values(lengths))
    xml = context.xml_body or context.xml_answer
    drawn = writable_values(lengths, alphabet=XML_TEXT) if xml else writable_values(lengths)
    if context.body == "few":
        return drawn.map(lambda values: {"Name": values["Name"], "Department": values["Department"]})
    return drawn


def contact_machine(client, workspace, target):
    """The state machine class for one worker's primary contact."""

    class ContactMachine(RuleBasedStateMachine):
        """The contact as the model says it is stored, and PUTs in drawn contexts."""

        last: tuple | None = None

        @initialize()
        def start_from_the_snapshot(self):
            """Every sequence starts from the same contact, so that a failure reproduces when run again."""
            workspace.start_clean()
            self.last = None

        @rule(context=contexts(tuple(WRONG_KINDS)), data=st.data())
        def put(self, context, data):
            values = data.draw(_values(context, workspace.lengths), label="values")
            self._put(context, values, "under test")

        @precondition(lambda self: self.last is not None)
        @rule()
        def put_the_same_again(self):
            """The previous PUT once more, at once: a repeat, and (conditional) a second write within one second."""
            assert self.last is not None
            self._put(*self.last, "the same PUT again")

        def _put(self, context, values, role):
            # The contact as stored is the last GET after a PUT (workspace.current()), re-read after probes.
            step = put_in_context(client, workspace, target, context, values, role=role)
            contact_model.judge(step, lambda variant: put_again_in_context(client, workspace, target, step, variant))
            self.last = (context, values)

    return ContactMachine


@requirement(*MODEL_REQUIREMENTS)
@repeats("model_sequences", "model_steps")
@draws("seq:any-context", "seq:repeated", "seq:same-second", "seq:after-refusal")
def test_sequences_of_puts_in_any_context_follow_the_model(client, workspace, target, exploration, run_budget):
    """Whatever the sequence and the context of each PUT, status, answer and stored contact are what the model
    predicts."""
    machine = exploration.seeded(contact_machine(client, workspace, target))
    profile = exploration.profile
    run_state_machine_as_test(
        machine,
        settings=exploration.settings(
            examples=run_budget.count(profile.model_sequences, 1), stateful_step_count=profile.model_steps
        ),
    )
