"""Helpers faults use to spoil what they save or send."""

from __future__ import annotations


def map_strings(value, change):
    """A JSON value with ``change`` applied to every string in it, at any depth."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [map_strings(item, change) for item in value]
    if isinstance(value, dict):
        return {key: map_strings(item, change) for key, item in value.items()}
    return value
