"""The --region option the management commands share.

Apart from the regions package, whose import reads the profiles' TOML machinery: a command's
--help and argument parsing need only the option (bench/command_start.py).
"""

from django.core.management.base import CommandError

HELP = "地区名称或区划代码（如“上海市”“310107”），决定表格版式和适用的审核规则；默认取部门所在地区，否则湖北省"


def add_region_argument(parser):
    parser.add_argument("--region", metavar="NAME_OR_CODE", help=HELP)


def profile_for(*, option=None, department=None):
    """The profile a command works by: --region if given, else the department's region, else the default."""
    from disclosures.regions import ProfileError, region_profile  # when the command runs: see above

    try:
        if option:
            return region_profile(name_or_code=option)
        return region_profile(region=department.region if department is not None else None)
    except ProfileError as exc:
        raise CommandError(f"--region：{exc}") from None
