"""Self-tests of the conformance suite: its checks, verdicts, settings, reports and the run command."""
