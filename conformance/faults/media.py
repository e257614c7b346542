"""Faults of the media family."""
