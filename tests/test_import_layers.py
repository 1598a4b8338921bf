"""The apps' layering (.importlinter, README "The house") holds, and its contracts catch an
import the wrong way, also one hidden inside a function."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(cwd):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, env={"PYTHONPATH": str(cwd)}
    )


def test_the_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_an_import_of_reviews_inside_a_disclosures_function_breaks_them(tmp_path):
    for package in ("portal", "disclosures", "reviews"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.toml", "*.xlsx", "__pycache__"))
    shutil.copy(ROOT / ".importlinter", tmp_path)
    with open(tmp_path / "disclosures" / "signals.py", "a") as fh:
        fh.write("\n\ndef _refresh(version):\n    from reviews.services import findings_refresh\n\n    findings_refresh(version=version)\n")
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "Contracts: 1 kept, 2 broken." in result.stdout
    assert "disclosures.signals -> reviews.services" in result.stdout
