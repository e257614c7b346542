"""Prints how many validations per second the loaded validators do on the page's sample bodies.

Run: python benchmarks/validation_speed.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import time

from conformance.spec import endpoint_page as page
from conformance.spec.validators import load_validators


def rate(check, instance, seconds: float) -> float:
    """Validations per second of one instance, measured over ``seconds``."""
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        check(instance)
        count += 1
    return count / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="measuring time per figure")
    seconds = parser.parse_args().seconds
    started = time.perf_counter()
    validators = load_validators()
    print(f"load_validators(): {1000 * (time.perf_counter() - started):.0f} ms")
    for label, validator, instance in [
        ("sample response, response schema", validators.response, page.sample_response()),
        ("sample response, projected schema", validators.projected, page.sample_response()),
        ("sample request, request schema", validators.request, page.sample_request()),
    ]:
        jsonschema_rate = rate(validator.jsonschema.validate, instance, seconds)
        compiled_rate = rate(validator.is_valid, instance, seconds)
        print(f"{label}: jsonschema {jsonschema_rate:,.0f}/s, compiled check {compiled_rate:,.0f}/s")


if __name__ == "__main__":
    main()
