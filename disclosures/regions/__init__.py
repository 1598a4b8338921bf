"""Region profiles: how one region prints and checks its disclosures, as data.

Each file in profiles/ is one profile. A department's region picks its profile
by the 区划代码 prefixes the profile lists; a district inherits its province's
profile because its code starts with the province's. Nothing outside this
package branches on a region: callers read the profile's data.
"""

from .profiles import DEFAULT_PROFILE, ProfileError, RegionProfile, all_profiles, region_profile

__all__ = ["DEFAULT_PROFILE", "ProfileError", "RegionProfile", "all_profiles", "region_profile"]
