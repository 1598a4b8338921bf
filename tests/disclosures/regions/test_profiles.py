import pytest

from disclosures.models import Region
from disclosures.regions import ProfileError, region_profile


def test_default_is_hubei():
    assert region_profile().name == "湖北省"


@pytest.mark.parametrize("value", ["上海市", "上海", "shanghai", "310107"])
def test_command_line_value_picks_shanghai(value):
    profile = region_profile(name_or_code=value)
    assert profile.key == "shanghai"
    assert profile.number_format.percent_decimals == 2


def test_unknown_name_is_refused_with_the_choices():
    with pytest.raises(ProfileError) as exc:
        region_profile(name_or_code="火星")
    assert "湖北省" in str(exc.value) and "上海市" in str(exc.value)


@pytest.mark.django_db
def test_a_district_inherits_its_provinces_profile():
    city = Region.objects.create(code="310000", name="上海市")
    district = Region.objects.create(code="310107", name="普陀区", parent=city)
    assert region_profile(region=district).key == "shanghai"
    caidian = Region.objects.create(code="420114", name="蔡甸区")
    assert region_profile(region=caidian).key == "hubei"


@pytest.mark.django_db
def test_a_region_no_profile_claims_gets_the_default():
    assert region_profile(region=Region.objects.create(code="990000", name="未配置")).key == "hubei"
