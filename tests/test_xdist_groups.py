"""`make test` runs pytest-xdist with --dist loadgroup, and tests/conftest.py keeps the tests of each
browser module and each module sharing a module-scoped fixture in one worker (the walk's site and
its order, a rendered PDF, built once). pytest 9.2 broke that grouping silently
(pytest-dev/pytest-xdist#1386): the walk's fixtures were built again on the other worker, and its
later steps did not find what its earlier ones had done. This runs a small suite the
same way, with the installed pytest and xdist, and reads which worker ran each test.
"""

import os
import subprocess
import sys
import textwrap

CONFTEST = """
import pytest

@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
"""

TESTS = """
import os, time
import pytest

def _record(name):
    time.sleep(0.05)
    with open(os.environ["WORKER_LOG"], "a") as log:
        log.write(f"{name} {os.environ['PYTEST_XDIST_WORKER']}\\n")

@pytest.mark.browser
@pytest.mark.parametrize("i", range(6))
def test_marked_by_the_conftest(i):
    _record(f"browser{i}")

@pytest.mark.xdist_group("shared")
@pytest.mark.parametrize("i", range(6))
def test_marked_in_the_module(i):
    _record(f"shared{i}")

@pytest.mark.parametrize("i", range(12))
def test_free(i):
    _record(f"free{i}")
"""


def test_grouped_tests_run_in_one_worker(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    browser: a browser test\n")
    (tmp_path / "conftest.py").write_text(textwrap.dedent(CONFTEST))
    (tmp_path / "test_groups.py").write_text(textwrap.dedent(TESTS))
    log = tmp_path / "workers.log"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-p", "no:cacheprovider", "-p", "no:django", "-q",
         "-c", str(tmp_path / "pytest.ini"), str(tmp_path)],
        cwd=tmp_path, env=dict(os.environ, WORKER_LOG=str(log)), capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    ran = dict(line.split() for line in log.read_text().splitlines())
    assert len(ran) == 24
    for group in ("browser", "shared"):
        workers = {worker for name, worker in ran.items() if name.startswith(group)}
        assert len(workers) == 1, f"the {group} group ran on {sorted(workers)}"
