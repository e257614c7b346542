"""Tests of the reference server over real HTTP (a package, so that the tests can import ``.support``)."""
