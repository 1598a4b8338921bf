"""The --region option the management commands share."""

from django.core.management.base import CommandError

from .profiles import ProfileError, region_profile

HELP = "地区名称或区划代码（如“上海市”“310107”），决定表格版式和适用的审核规则；默认取部门所在地区，否则湖北省"


def add_region_argument(parser):
    parser.add_argument("--region", metavar="NAME_OR_CODE", help=HELP)


def profile_for(*, option=None, department=None):
    """The profile a command works by: --region if given, else the department's region, else the default."""
    try:
        if option:
            return region_profile(name_or_code=option)
        return region_profile(region=department.region if department is not None else None)
    except ProfileError as exc:
        raise CommandError(f"--region：{exc}") from None
