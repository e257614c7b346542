"""Faults of the headers family."""
