"""Known vulnerabilities of the installed packages, from PyPI's advisory data, when pip-audit cannot run.

    .venv/bin/python scripts/pypi_advisories.py [--json]

pip-audit looks each installed release up at https://pypi.org/pypi/NAME/VERSION/json (or at OSV).
Where only the project endpoint https://pypi.org/pypi/NAME/json answers (as through this
workplace's package proxy), that endpoint carries the same advisory records (PyPI's, fed by the
PyPA advisory database and OSV) for the project's *latest* release only. So:

- a package installed at its latest release is checked: its open (not withdrawn) advisories are
  listed, and any is a finding;
- a package installed at an older release cannot be checked this way; it is named, with what
  holds it back, and counted as not checked.

Exit 0: every installed package checked, no advisory. Exit 1: an advisory. Exit 3: none found,
but some packages could not be checked (named). Exit 2: PyPI could not be reached.
"""

import argparse
import concurrent.futures
import json
import sys
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT_URL = "https://pypi.org/pypi/{name}/json"


@dataclass
class Verdict:
    name: str
    installed: str
    latest: str
    checked: bool
    advisories: list = field(default_factory=list)
    held_by: list = field(default_factory=list)


def verdict(*, name, installed, project):
    """What the project endpoint's answer says about the installed release."""
    latest = project["info"]["version"]
    if installed != latest:
        return Verdict(name, installed, latest, checked=False)
    advisories = [
        f"{a.get('id')} ({', '.join(a.get('aliases') or [])}) fixed in {', '.join(a.get('fixed_in') or []) or '—'}"
        for a in project.get("vulnerabilities") or []
        if not a.get("withdrawn")
    ]
    return Verdict(name, installed, latest, checked=True, advisories=advisories)


def installed_distributions():
    seen = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            seen.setdefault(canonicalize_name(name), (name, dist.version))
    return sorted(seen.values(), key=lambda item: item[0].lower())


def dependents(name):
    """The installed packages that require `name`, with their requirement (why it is held back)."""
    wanted = canonicalize_name(name)
    found = set()
    for dist in metadata.distributions():
        for line in dist.requires or []:
            requirement = Requirement(line)
            if canonicalize_name(requirement.name) == wanted:
                found.add(f"{dist.metadata['Name']}: {requirement.name}{requirement.specifier}")
    return sorted(found)


def fetch(name):
    with urllib.request.urlopen(PROJECT_URL.format(name=name), timeout=30) as response:  # nosec B310: fixed https URL
        return json.load(response)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the verdicts as JSON")
    args = parser.parse_args()

    packages = installed_distributions()
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            projects = list(pool.map(lambda item: fetch(item[0]), packages))
    except (urllib.error.URLError, TimeoutError) as error:
        print(f"PyPI not reachable: {error}")
        return 2
    verdicts = [verdict(name=n, installed=v, project=p) for (n, v), p in zip(packages, projects)]
    for v in verdicts:
        if not v.checked:
            v.held_by = dependents(v.name)

    vulnerable = [v for v in verdicts if v.advisories]
    unchecked = [v for v in verdicts if not v.checked]
    if args.json:
        print(json.dumps([asdict(v) for v in verdicts], ensure_ascii=False, indent=1))
    for v in vulnerable:
        print(f"VULNERABLE {v.name} {v.installed}: " + "; ".join(v.advisories))
    for v in unchecked:
        held = "; ".join(v.held_by) or "nothing installed requires it"
        print(f"not checked {v.name} {v.installed} (latest {v.latest}; held by {held})")
    checked = len(verdicts) - len(unchecked)
    print(f"PyPI advisories: {len(verdicts)} installed packages, {checked} checked at their latest release, "
          f"{len(vulnerable)} with a known vulnerability, {len(unchecked)} not checkable this way")
    if vulnerable:
        return 1
    return 3 if unchecked else 0


if __name__ == "__main__":
    sys.exit(main())
