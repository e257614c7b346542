"""Helpers of the reference server's tests: an HTTP client bound to one server, and checks of its answers."""

from __future__ import annotations

import base64
import json
import time
from datetime import datetime, timedelta, timezone

import requests

from conformance.spec.isodate import parse_datetime
from conformance.spec.validators import load_validators

TIMEOUT = 30
ERROR_KEYS = {"Error", "ErrorType", "ErrorMessage", "ErrorSource"}
#: A value of ``headers`` that removes the default Authorization header.
NO_AUTH = {"Authorization": None}


def basic(user: str, password: str) -> str:
    """An ``Authorization`` value for the Basic scheme."""
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class Api:
    """A keep-alive HTTP client of one reference server, authenticated with Basic by default."""

    def __init__(self, server):
        self.base = server.url
        self.credentials = server.credentials
        self.session = requests.Session()
        self.session.headers["Authorization"] = basic(server.credentials.user, server.credentials.password)

    def close(self) -> None:
        self.session.close()

    def url(self, contact_id) -> str:
        return f"{self.base}/api/v1/Contact/{contact_id}"

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", TIMEOUT)
        return self.session.request(method, f"{self.base}{path}", **kwargs)

    def get(self, contact_id, **kwargs) -> requests.Response:
        return self.request("GET", f"/api/v1/Contact/{contact_id}", **kwargs)

    def put(self, contact_id, body=None, **kwargs) -> requests.Response:
        """PUT ``body`` as JSON (or ``data=`` bytes with their own Content-Type)."""
        if body is not None:
            kwargs["json"] = body
        return self.request("PUT", f"/api/v1/Contact/{contact_id}", **kwargs)

    def post(self, body=None, **kwargs) -> requests.Response:
        if body is not None:
            kwargs["json"] = body
        return self.request("POST", "/api/v1/Contact", **kwargs)

    def delete(self, contact_id, **kwargs) -> requests.Response:
        return self.request("DELETE", f"/api/v1/Contact/{contact_id}", **kwargs)

    def contact(self, contact_id) -> dict:
        """The stored contact (GET, no headers that change it); fails unless 200."""
        response = self.get(contact_id)
        assert response.status_code == 200, response.text[:500]
        return response.json()

    def copy_of(self, seed_id: int, **changes) -> int:
        """The id of a new contact POSTed from a seed contact (with ``changes``), for a test to modify alone."""
        body = {**self.contact(seed_id), **changes}
        response = self.post(body)
        assert response.status_code == 200, response.text[:500]
        return response.json()["ContactId"]


def response_violations(body) -> list:
    """Violations of the full response schema (ContactEntityWithLinks)."""
    return [str(v) for v in load_validators().response.violations(body)]


def projected_violations(body) -> list:
    """Violations of the ``$select``-projected response schema."""
    return [str(v) for v in load_validators().projected.violations(body)]


def assert_error(response: requests.Response, status: int, error_type: str | None = None) -> dict:
    """The response has ``status`` and the documented JSON error body; returns the body."""
    assert response.status_code == status, f"{response.status_code}: {response.text[:500]}"
    assert response.headers["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == ERROR_KEYS, body
    assert body["Error"] is True
    assert isinstance(body["ErrorType"], str) and body["ErrorType"]
    assert isinstance(body["ErrorMessage"], str) and body["ErrorMessage"]
    assert isinstance(body["ErrorSource"], str)
    if error_type is not None:
        assert body["ErrorType"] == error_type, body
    return body


def without_volatile(body: dict) -> dict:
    """A contact body without what changes on every write (UpdatedDate) or with the request (_Links)."""
    return {k: v for k, v in body.items() if k not in ("UpdatedDate", "_Links")}


def updated(body: dict) -> datetime:
    """The body's UpdatedDate as an aware datetime."""
    moment = parse_datetime(body["UpdatedDate"])
    assert moment is not None, body["UpdatedDate"]
    return moment


def truncated(moment: datetime) -> datetime:
    """A moment truncated to the second (what an HTTP-date can carry)."""
    return moment.replace(microsecond=0)


def wait_past_second_after(moment: datetime) -> None:
    """Sleep until the wall clock has passed the second boundary following ``moment``."""
    boundary = truncated(moment) + timedelta(seconds=1)
    while (now := datetime.now(timezone.utc)) <= boundary:
        time.sleep(max((boundary - now).total_seconds(), 0) + 0.005)


def dumps(document) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")
