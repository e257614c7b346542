"""Faults of the status family."""
