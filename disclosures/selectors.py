"""Reads: who may see which departments and reports, and a version's content."""

from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .models import CodeRow, Department, Region, Report, ReportVersion, TableCell, VersionState
from .tables.values import TableData


def region_and_descendant_ids(*, region):
    """The region's id and every region below it (regions are a shallow tree)."""
    ids, frontier = {region.pk}, [region.pk]
    while frontier:
        frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        frontier = [pk for pk in frontier if pk not in ids]
        ids.update(frontier)
    return ids


def departments_for_user(*, user):
    """The departments a user works on: an accountant's own, a reviewer's region and extra ones."""
    if not user.is_authenticated or not user.is_active:
        return Department.objects.none()
    if user.is_portal_admin:
        return Department.objects.all()
    if user.is_accountant:
        return user.departments.all()
    if user.is_reviewer:
        scope = Q(pk__in=user.departments.values("pk"))
        if user.region_id:
            scope |= Q(region_id__in=region_and_descendant_ids(region=user.region))
        return Department.objects.filter(scope)
    return Department.objects.none()


def reports_for_user(*, user, year=None):
    """Reports in a user's scope with their newest version annotated as `latest_version_id`."""
    latest = ReportVersion.objects.filter(report=OuterRef("pk")).order_by("-number").values("pk")[:1]
    reports = (
        Report.objects.filter(department__in=departments_for_user(user=user))
        .select_related("department", "department__region")
        .annotate(latest_version_id=Subquery(latest))
    )
    if year:
        reports = reports.filter(year=year)
    return reports


def version_latest(*, report):
    return report.versions.order_by("-number").first()


def published_versions(*, year=None, region=None):
    """The newest published version of each report, newest publication first.

    Each report points at it (Report.published_version, kept by the publication), so this is
    a join on that pointer, which the planner estimates right whatever the number of reports."""
    versions = (
        ReportVersion.objects.filter(state=VersionState.PUBLISHED, newest_published_of__isnull=False)
        .select_related("report", "report__department", "report__department__region", "report__department__parent")
        .order_by("-published_at", "report__department__code")
    )
    if year:
        versions = versions.filter(report__year=year)
    if region is not None:
        versions = versions.filter(report__department__region_id__in=region_and_descendant_ids(region=region))
    return versions


def published_version(*, department_code, year, number=None):
    """A published version by its public address; None when there is none."""
    versions = ReportVersion.objects.select_related("report", "report__department").filter(
        report__department__code=department_code, report__year=year, state=VersionState.PUBLISHED
    )
    if number is not None:
        versions = versions.filter(number=number)
    return versions.order_by("-number").first()


def version_tables(*, version):
    """Every table of a version as TableData, in two queries."""
    tables = {number: TableData(number=number) for number in range(1, 10)}
    codes = CodeRow.objects.filter(version=version).order_by("table", "position")
    for table, code, name in codes.values_list("table", "code", "name"):
        tables[table].code_rows.append((code, name))
    for table, row, column, amount, source in TableCell.objects.filter(version=version).values_list(
        "table", "row", "column", "amount", "source"
    ):
        tables[table].cells[(row, column)] = amount
        if source:
            tables[table].sources[(row, column)] = source
    return tables


# ---- public site: reads of published data only -------------------------------------------------
# Everything below sees only versions in state PUBLISHED; nothing else is ever returned.

# The main figures of a report, where they are found in the nine tables (table, row, column).
MAIN_FIGURES = (
    ("total", "收支总计", 1, "31", "amount"),
    ("income", "本年收入合计", 1, "27", "amount"),
    ("expenditure", "本年支出合计", 1, "58", "amount"),
    ("basic", "基本支出", 3, "total", "basic"),
    ("project", "项目支出", 3, "total", "project"),
    ("three_public", "“三公”经费决算", 9, "1", "final_total"),
)
MAIN_FIGURE_LABELS = {key: label for key, label, *_ in MAIN_FIGURES}


def public_newest_version_ids():
    """Ids of the newest published version of each report (a subquery-friendly queryset)."""
    return published_versions().order_by().values("pk")


def public_years():
    """[(year, number of published reports)], newest year first."""
    from django.db.models import Count

    rows = (
        Report.objects.filter(published_version__isnull=False).values("year").annotate(count=Count("pk")).order_by("-year")
    )
    return [(row["year"], row["count"]) for row in rows]


def public_regions():
    """The regions with published reports (and their ancestors) as a tree.

    [{"region": Region, "count": reports in it and below, "children": [...]}], roots first.
    """
    from django.db.models import Count

    direct = dict(
        Report.objects.filter(published_version__isnull=False)
        .values("department__region")
        .annotate(count=Count("pk"))
        .values_list("department__region", "count")
    )
    regions = {region.pk: region for region in Region.objects.all()}
    counts = {}
    for region_id, count in direct.items():
        pk = region_id
        while pk is not None:
            counts[pk] = counts.get(pk, 0) + count
            pk = regions[pk].parent_id
    nodes = {pk: {"region": regions[pk], "count": counts[pk], "children": []} for pk in counts}
    roots = []
    for pk in sorted(nodes, key=lambda pk: regions[pk].code):
        parent = regions[pk].parent_id
        (nodes[parent]["children"] if parent in nodes else roots).append(nodes[pk])
    return roots


def public_region(*, code):
    """A region that has published reports (in it or below); None otherwise."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        return None
    if not published_versions(region=region).exists():
        return None
    return region


def public_department(*, code):
    """A department with a published report of its own or of one of its units; None otherwise."""
    published = Q(reports__published_version__isnull=False) | Q(units__reports__published_version__isnull=False)
    return Department.objects.select_related("region", "parent").filter(published, code=code).distinct().first()


def public_department_versions(*, department):
    """The newest published version of each of the department's reports, newest year first."""
    return list(
        published_versions().filter(report__department=department).order_by("-report__year")
    )


def _tree_root():
    """The code heading a version's department in the tree: its 主管部门's, else its own."""
    return Coalesce("report__department__parent__code", "report__department__code")


def public_tree_roots(*, region, year=None):
    """The codes of the departments heading public_department_tree, in order (a queryset to
    cut into pages)."""
    return (
        published_versions(region=region, year=year)
        .order_by()
        .annotate(root=_tree_root())
        .values_list("root", flat=True)
        .distinct()
        .order_by("root")
    )


def public_department_tree(*, region, year=None, roots=None):
    """The departments of a region (and below) with published reports, as 主管部门 → 下属单位;
    with `roots` (codes from public_tree_roots), only the branches they head.

    [{"department": Department, "versions": [newest published version per year], "units": [same shape]}]
    A 主管部门 without reports of its own still appears when one of its units has some.
    """
    versions = published_versions(region=region, year=year).order_by("-report__year")
    if roots is not None:
        versions = versions.annotate(root=_tree_root()).filter(root__in=list(roots))
    by_department = {}
    for version in versions:
        by_department.setdefault(version.report.department_id, []).append(version)
    departments = {d.pk: d for d in Department.objects.filter(pk__in=by_department).select_related("parent")}
    missing_parents = {d.parent_id for d in departments.values() if d.parent_id and d.parent_id not in departments}
    departments.update({d.pk: d for d in Department.objects.filter(pk__in=missing_parents)})
    nodes = {pk: {"department": d, "versions": by_department.get(pk, []), "units": []} for pk, d in departments.items()}
    roots = []
    for pk in sorted(nodes, key=lambda pk: departments[pk].code):
        parent = departments[pk].parent_id
        (nodes[parent]["units"] if parent in nodes else roots).append(nodes[pk])
    return roots


def main_figures(*, tables):
    """{key: Decimal 元} of MAIN_FIGURES from a version's tables ({number: TableData})."""
    return {key: tables[table].get(row, column) for key, _, table, row, column in MAIN_FIGURES}


def main_figures_for_versions(*, version_ids):
    """{version id: {key: Decimal 元}} for many versions in one query."""
    from decimal import Decimal

    wanted = Q()
    for _, _, table, row, column in MAIN_FIGURES:
        wanted |= Q(table=table, row=row, column=column)
    lookup = {(table, row, column): key for key, _, table, row, column in MAIN_FIGURES}
    result = {pk: {key: Decimal("0.00") for key, *_ in MAIN_FIGURES} for pk in version_ids}
    cells = TableCell.objects.filter(wanted, version_id__in=list(version_ids)).values_list(
        "version_id", "table", "row", "column", "amount"
    )
    for version_id, table, row, column, amount in cells:
        result[version_id][lookup[(table, row, column)]] = amount
    return result


def department_trend(*, department):
    """One department's main figures over the years, oldest first: [{"version", "year", "figures"}]."""
    rows = []
    for version in reversed(public_department_versions(department=department)):
        rows.append(
            {"version": version, "year": version.report.year, "figures": main_figures(tables=version_tables(version=version))}
        )
    return rows


def region_comparison(*, region, year):
    """Every department of a region (and below) with a published report for the year, with its
    main figures and basic expenditure's share of basic + project: [{"version", "department", "figures"}]."""
    versions = list(published_versions(region=region, year=year))
    figures = main_figures_for_versions(version_ids=[v.pk for v in versions])
    rows = []
    for version in versions:
        row_figures = figures[version.pk]
        split = row_figures["basic"] + row_figures["project"]
        row_figures["basic_share"] = (row_figures["basic"] * 100 / split) if split else None
        rows.append({"version": version, "department": version.report.department, "figures": row_figures})
    return rows


def version_prior(*, version):
    """Last year's figures for a version's text: the department's published report of the year
    before when the portal has it ({number: TableData}), else the totals entered by hand
    ({"total": 元 or None, "fiscal_total": 元 or None}); None when there is neither."""
    from .pdf.selectors import prior_year_totals

    report = version.report
    previous = published_version(department_code=report.department.code, year=report.year - 1)
    if previous is not None:
        return version_tables(version=previous)
    totals = prior_year_totals(version=version)
    entered = {name: totals.get(name) for name in ("total", "fiscal_total") if totals.get(name) is not None}
    return entered or None


def version_attachments(*, version):
    """The project self-evaluations (附件) of a version, with their indicators."""
    return list(version.evaluations.prefetch_related("indicators").order_by("position"))


def version_narrative_draft(*, version, tables=None):
    """{section key: draft text} of the explanation sections, from the version's tables,
    last year's figures and its project self-evaluations."""
    from .narrative.draft import narrative_draft

    return narrative_draft(
        tables=tables if tables is not None else version_tables(version=version),
        prior=version_prior(version=version),
        year=version.report.year,
        attachments=version_attachments(version=version),
    )
