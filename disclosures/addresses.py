"""Public addresses of reports and departments, for pages that link to thousands of them.

reverse() costs tens of microseconds; a province's listings and sitemaps link to thousands
of reports a page. An AddressPattern reverses its URL name once (per URL configuration and
script prefix) with marker values, then puts the real values in their place, quoted as
reverse() quotes a path segment: the URLconf stays the only place an address is spelled.
"""

from functools import lru_cache
from urllib.parse import quote

from django.urls import get_script_prefix, get_urlconf, reverse

_MARKERS = {str: "AddressMarker{}", int: "98765432{}"}
_SAFE = "!$&'()*+,;=:@~"


class AddressPattern:
    def __init__(self, name, **kinds):
        self.keys = list(kinds)
        markers = {key: _MARKERS[kind].format(i) for i, (key, kind) in enumerate(kinds.items())}
        pattern = reverse(name, kwargs={k: (m if kinds[k] is str else int(m)) for k, m in markers.items()})
        for key, marker in markers.items():
            pattern = pattern.replace(marker, "{%s}" % key)
        self.pattern = pattern

    def __call__(self, **values):
        return self.pattern.format(**{key: quote(str(values[key]), safe=_SAFE) for key in self.keys})


@lru_cache(maxsize=64)
def _pattern(name, kinds, prefix, urlconf):
    return AddressPattern(name, **dict(kinds))


def address_pattern(name, **kinds):
    """The AddressPattern of a URL name whose arguments are path segments of the given
    kinds (str or int), for the URL configuration in use: fetch it once, call it per link."""
    return _pattern(name, tuple(kinds.items()), get_script_prefix(), get_urlconf())


def report_addresses():
    """report_addresses()(department_code=…, year=…): the report's permanent address."""
    return address_pattern("public:report", department_code=str, year=int)


def version_addresses():
    """version_addresses()(department_code=…, year=…, number=…): a version's own address."""
    return address_pattern("public:report_version", department_code=str, year=int, number=int)


def department_addresses():
    """department_addresses()(code=…): a department's page."""
    return address_pattern("public:department", code=str)
