"""Load the region profiles (profiles/*.toml) and pick the one for a region."""

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType

PROFILE_DIR = Path(__file__).with_name("profiles")
DEFAULT_PROFILE = "hubei"


class ProfileError(ValueError):
    pass


@dataclass(frozen=True)
class NumberFormat:
    """How the explanation text writes numbers (自查表第3项 in seed 001's region)."""

    amount_decimals: int = 2
    percent_decimals: int = 1
    drop_trailing_zeros: bool = True
    # True where the template prints amounts as the tables do ("52.00万元"),
    # so the number of decimals of an amount is not a finding.
    amounts_as_printed: bool = False


@dataclass(frozen=True)
class RegionProfile:
    key: str
    name: str
    codes: tuple
    names: tuple
    number_format: NumberFormat
    data: MappingProxyType = field(repr=False)

    def section(self, name, default=None):
        """A top-level table of the profile's file, e.g. profile.section("tables")."""
        return self.data.get(name, default)


def _merge(base, override):
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _freeze(value):
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _raw(key, seen=()):
    path = PROFILE_DIR / f"{key}.toml"
    if not path.is_file():
        raise ProfileError(f"未找到地区配置“{key}”")
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    parent = raw.pop("inherits", "")
    if parent:
        if parent in seen:
            raise ProfileError(f"地区配置“{key}”的继承关系成环")
        raw = _merge(_raw(parent, seen + (key,)), raw)
    return raw


@cache
def _load(key):
    raw = _raw(key)
    number_format = NumberFormat(**raw.get("number_format", {}))
    return RegionProfile(
        key=key,
        name=raw["name"],
        codes=tuple(str(c) for c in raw.get("codes", ())),
        names=tuple(raw.get("names", ())),
        number_format=number_format,
        data=_freeze(raw),
    )


@cache
def all_profiles():
    return tuple(_load(path.stem) for path in sorted(PROFILE_DIR.glob("*.toml")))


def _by_code(code):
    best, best_len = None, 0
    for profile in all_profiles():
        for prefix in profile.codes:
            if code.startswith(prefix) and len(prefix) > best_len:
                best, best_len = profile, len(prefix)
    return best


def region_profile(*, name_or_code=None, region=None):
    """The profile for a command-line --region value, or for a Region (walking up its parents).

    Without either, the default profile. An unknown name is an error; a region
    no profile claims falls back to the default.
    """
    if name_or_code:
        wanted = str(name_or_code).strip()
        for profile in all_profiles():
            if wanted in (profile.key, profile.name) or wanted in profile.names:
                return profile
        if wanted.isdigit():
            found = _by_code(wanted)
            if found:
                return found
        raise ProfileError(f"未找到地区配置“{wanted}”；可用：{'、'.join(p.name for p in all_profiles())}")
    while region is not None:
        found = _by_code(region.code)
        if found:
            return found
        region = region.parent
    return _load(DEFAULT_PROFILE)
