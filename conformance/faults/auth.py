"""Faults of the auth family."""
