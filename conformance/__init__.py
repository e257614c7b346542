"""Conformance suite for PUT /api/v1/Contact/{id} of the SuperOffice CRM WebAPI."""

__version__ = "0.1.0"
