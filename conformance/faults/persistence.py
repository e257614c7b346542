"""Faults of the persistence family."""
