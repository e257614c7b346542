"""Faults of the unicode family."""
