"""Faults of the concurrency family."""
