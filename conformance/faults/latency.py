"""Faults of the latency family."""
