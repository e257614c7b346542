"""Every rule in every context: PUTs across every pair of values of any two dimensions.

Each case is one context of ``conformance.spec.contexts`` (body media type, Accept,
$select, If-Unmodified-Since, credentials, language/zone/app-token headers, body
size). The contact is read (unless the last case's read still holds), the PUT sent,
the contact read again, and the model (``conformance.judging.contact_model``) judges all
three. A divergence is credited to the requirement it breaks in that context, found
by sending the PUT again without each differing dimension in turn.

A full body sets every writable field, so the PUT sent does not depend on the case before: such a
case starts from the contact as stored. A body of a few fields leaves the others in play, so that
case starts from the contact as it was before the suite (a reset, unless a refused PUT left it
untouched since the last), and so does any case after a failure (``Workspace.prepare``).
"""

import random

import pytest

from conformance.generation.credentials import SWEEP_KINDS
from conformance.judging import contact_model
from conformance.spec.contexts import accepted_contexts, refused_contexts
from conformance.suite import draws, requirement
from conformance.suite.steps import put_again_in_context, put_in_context, values_for


def _cases(contexts):
    return [pytest.param(c, marks=requirement(*contact_model.requirements_judged(c)), id=c.label()) for c in contexts]


def _judge(client, workspace, target, seed, context) -> None:
    values = values_for(context, workspace.lengths, random.Random(f"{seed}/{context.label()}"))
    workspace.prepare(
        sets_every_field=context.body != "few"
    )  # a failure reproduces: same body, same contact where it matters
    step = put_in_context(
        client, workspace, target, context, values
    )  # reads the contact as stored (GET) first, unless known
    contact_model.judge(step, lambda variant: put_again_in_context(client, workspace, target, step, variant))


@pytest.mark.parametrize("context", _cases(accepted_contexts()))
@draws("seq:any-context", "accept:absent", "accept:json")
def test_a_valid_put_conforms_in_each_pair_of_contexts(client, workspace, target, conformance_run, context):
    """A valid PUT answers 200 in the media type asked for, echoes what was sent, honours $select and is saved."""
    _judge(client, workspace, target, conformance_run.settings.seed, context)


@pytest.mark.parametrize("context", _cases(refused_contexts(SWEEP_KINDS)))
@draws("auth:wrong", "auth:none", "ius:imf-earlier")
def test_a_refused_put_changes_nothing_in_each_pair_of_contexts(client, workspace, target, conformance_run, context):
    """Missing or wrong credentials answer 401, a stale If-Unmodified-Since 412, and the stored contact stays exactly
    as it was."""
    _judge(client, workspace, target, conformance_run.settings.seed, context)
