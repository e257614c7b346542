"""Faults of the wire family."""
