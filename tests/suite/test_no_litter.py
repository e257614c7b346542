"""``conformance run`` writes only into its report folder: nothing in the current directory."""

from __future__ import annotations

from .runs import environment, run_conformance


def test_a_run_leaves_the_current_directory_as_it_found_it(tmp_path):
    """No .pytest_cache, no .hypothesis beside the reports: pytest's cache is off, Hypothesis' files go into the
    cache."""
    workdir = tmp_path / "work"
    cache = tmp_path / "cache"
    run = run_conformance(
        "--profile", "quick", "--seed", "4", report_dir=workdir / "reports", env=environment(XDG_CACHE_HOME=str(cache))
    )
    assert run.returncode == 0, run.explain()
    assert sorted(p.name for p in workdir.iterdir()) == ["reports"]
    assert not (workdir / "reports" / ".pytest_cache").exists()
    assert (cache / "conformance" / "hypothesis").is_dir()
