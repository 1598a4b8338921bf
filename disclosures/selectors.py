"""Reads: who may see which departments and reports, and a version's content."""

from decimal import Decimal

from django.db.models import F, OuterRef, Prefetch, Q, Subquery, Sum

from .models import (
    CodeRow,
    Department,
    PublicRegionYear,
    PublicReport,
    Region,
    Report,
    ReportVersion,
    TableCell,
    VersionState,
)
from .tables.values import TableData


def region_and_descendant_ids(*, region):
    """The region's id and every region below it."""
    return _below(region_tree(), region.pk)


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


def published_version(*, department_code, year, number=None):
    """A published version by its public address; None when there is none."""
    versions = ReportVersion.objects.select_related("report", "report__department__region").filter(
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
# Everything below sees only versions in state PUBLISHED; nothing else is ever returned. The
# listings read PublicReport (one row per report with a published version, kept by the
# publication: disclosures.listing.services) and PublicRegionYear (its counts per region).

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


def region_tree():
    """{region id: Region} of every region, each with `child_ids`, in one query (regions are
    a few hundred in a province)."""
    regions = {region.pk: region for region in Region.objects.all()}
    for region in regions.values():
        region.child_ids = []
    for region in sorted(regions.values(), key=lambda r: r.code):
        if region.parent_id in regions:
            region.parent = regions[region.parent_id]
            regions[region.parent_id].child_ids.append(region.pk)
    return regions


def _below(regions, pk):
    ids, frontier = {pk}, [pk]
    while frontier:
        frontier = [child for parent in frontier for child in regions[parent].child_ids if child not in ids]
        ids.update(frontier)
    return ids


def public_listing(*, year=None, region_ids=None):
    """PublicReport rows (one per report with a published version), of a year and of the
    regions `region_ids` (a region and those below it: region_and_descendant_ids)."""
    rows = PublicReport.objects.all()
    if year:
        rows = rows.filter(year=year)
    if region_ids is not None:
        rows = rows.filter(region_id__in=region_ids)
    return rows


def published_versions():
    """The newest published version of each report (those with a listing row), newest
    publication first (the partial index version_published_order)."""
    return (
        ReportVersion.objects.filter(state=VersionState.PUBLISHED, listing__isnull=False)
        .select_related("report", "report__department", "report__department__region", "report__department__parent")
        .order_by("-published_at", "listing__department_code")
    )


def listing_versions(rows):
    """The versions of PublicReport rows (fetched with their version and department, the
    department's region and parent), in their order, each with its report (built from the
    row, not read again) and department in place."""
    versions = []
    for row in rows:
        version = row.version
        version.report = Report(pk=row.report_id, department=row.department, year=row.year, published_version=version)
        versions.append(version)
    return versions


LISTING_RELATED = (
    Prefetch("version", queryset=ReportVersion.objects.only("number", "published_at", "correction_note", "state")),
    "department__region",
    "department__parent",
)


def public_years():
    """[(year, number of published reports)], newest year first."""
    rows = PublicRegionYear.objects.values("year").annotate(count=Sum("reports")).order_by("-year")
    return [(row["year"], row["count"]) for row in rows]


def public_regions(*, regions=None):
    """The regions with published reports (and their ancestors) as a tree.

    [{"region": Region, "count": reports in it and below, "years": {year: reports},
    "children": [...]}], roots first. `regions`: region_tree(), when the caller has it."""
    regions = regions if regions is not None else region_tree()
    years = {}
    for region_id, year, count in PublicRegionYear.objects.values_list("region_id", "year", "reports"):
        pk = region_id
        while pk is not None:
            per_year = years.setdefault(pk, {})
            per_year[year] = per_year.get(year, 0) + count
            pk = regions[pk].parent_id
    nodes = {
        pk: {"region": regions[pk], "count": sum(per_year.values()), "years": per_year, "children": []}
        for pk, per_year in years.items()
    }
    roots = []
    for pk in sorted(nodes, key=lambda pk: regions[pk].code):
        parent = regions[pk].parent_id
        (nodes[parent]["children"] if parent in nodes else roots).append(nodes[pk])
    return roots


def region_options():
    """[(region, depth, ids of it and of every region below it)], every region in tree order
    (by code among siblings): what public search can be narrowed to, in one query."""
    regions = region_tree()
    options = []

    def walk(pk, depth):
        options.append((regions[pk], depth, frozenset(_below(regions, pk))))
        for child in regions[pk].child_ids:
            walk(child, depth + 1)

    for region in sorted(regions.values(), key=lambda r: r.code):
        if region.parent_id not in regions:
            walk(region.pk, 0)
    return options


def public_region_node(*, code, regions=None):
    """The node of public_regions() for a region with published reports (in it or below),
    with its `children`, `years` ({year: reports}) and `ids` (its id and those of the
    regions below it); None otherwise."""
    regions = regions if regions is not None else region_tree()

    def find(nodes):
        for node in nodes:
            if node["region"].code == code:
                return node
            found = find(node["children"])
            if found is not None:
                return found
        return None

    node = find(public_regions(regions=regions))
    if node is not None:
        node["ids"] = _below(regions, node["region"].pk)
    return node


def _has_published(department):
    """Whether the department or one of its units has a published report (a unit's listing
    row names its 主管部门's code as root_code)."""
    return PublicReport.objects.filter(Q(department=department) | Q(root_code=department.code)).exists()


def public_department(*, code):
    """A department with a published report of its own or of one of its units; None otherwise."""
    department = Department.objects.select_related("region", "parent").filter(code=code).first()
    return department if department is not None and _has_published(department) else None


def public_department_parent(*, department):
    """The department's 主管部门 when it has published reports (its own or its units'), else None."""
    parent = department.parent if department.parent_id else None
    return parent if parent is not None and _has_published(parent) else None


def public_department_units(*, department):
    """The department's units that have published reports of their own, in code order."""
    listed = PublicReport.objects.filter(root_code=department.code).values("department_id")
    return list(department.units.filter(pk__in=listed).order_by("code"))


def public_department_versions(*, department):
    """The newest published version of each of the department's reports, newest year first."""
    rows = PublicReport.objects.filter(department=department).order_by("-year").prefetch_related(*LISTING_RELATED)
    return listing_versions(rows)


def public_tree_roots(*, region_ids, year=None):
    """The codes of the departments heading public_department_tree, in order (a queryset to
    cut into pages)."""
    rows = public_listing(region_ids=region_ids, year=year)
    return rows.values_list("root_code", flat=True).distinct().order_by("root_code")


def public_department_tree(*, region_ids, year=None, roots=None):
    """The departments of a region (and below) with published reports, as 主管部门 → 下属单位;
    with `roots` (codes from public_tree_roots), only the branches they head.

    [{"department": {"code", "name"}, "years": [years of its published reports, newest
    first], "units": [same shape]}]: plain values, read in one query (a province's page
    lists a thousand reports). A 主管部门 without reports of its own still appears when one
    of its units has some.
    """
    rows = public_listing(region_ids=region_ids, year=year).order_by("-year")
    if roots is not None:
        rows = rows.filter(root_code__in=list(roots))
    rows = rows.values_list(
        "year", "department_id", "department__code", "department__name",
        "department__parent_id", "department__parent__code", "department__parent__name",
    )
    nodes, parents = {}, {}
    for year_, pk, code, name, parent_id, parent_code, parent_name in rows:
        node = nodes.setdefault(pk, {"department": {"code": code, "name": name}, "years": [], "units": []})
        node["years"].append(year_)
        parents[pk] = parent_id
        if parent_id and parent_id not in parents:
            parents[parent_id] = None  # its own 主管部门, if any, is not shown above it
            nodes.setdefault(parent_id, {"department": {"code": parent_code, "name": parent_name}, "years": [], "units": []})
    tree = []
    for pk in sorted(nodes, key=lambda pk: nodes[pk]["department"]["code"]):
        parent = parents[pk]
        (nodes[parent]["units"] if parent in nodes else tree).append(nodes[pk])
    return tree


def main_figures(*, tables):
    """{key: Decimal 元} of MAIN_FIGURES from a version's tables ({number: TableData})."""
    return {key: tables[table].get(row, column) for key, _, table, row, column in MAIN_FIGURES}


def main_figures_for_versions(*, version_ids):
    """{version id: {key: Decimal 元}} for many versions in one query."""
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


def basic_share(basic, project):
    """Basic expenditure's share of basic + project, in %; None when both are zero."""
    split = basic + project
    return (basic * 100 / split) if split else None


def listing_figures(row):
    """{key: Decimal 元} of MAIN_FIGURES from a PublicReport row, with `basic_share`."""
    figures = {key: getattr(row, key) for key, *_ in MAIN_FIGURES}
    figures["basic_share"] = basic_share(figures["basic"], figures["project"])
    return figures


def department_trend(*, department):
    """One department's main figures over the years, oldest first: [{"version", "year", "figures"}]."""
    rows = PublicReport.objects.filter(department=department).select_related("version__report__department")
    rows = rows.order_by("year")
    return [{"version": row.version, "year": row.year, "figures": listing_figures(row)} for row in rows]


COMPARISON_SORTS = ("name", *(key for key, *_ in MAIN_FIGURES), "basic_share")


def region_comparison(*, region_ids, year, sort="name", descending=False):
    """Every department of a region (and below) with a published report for the year, sorted
    by `sort` (a COMPARISON_SORTS key; "name" sorts by department code) in the database: a
    queryset of PublicReport rows to cut into pages; listing_figures() gives a row's figures.
    Rows without a value of `sort` (a share of nothing) come last."""
    rows = public_listing(region_ids=region_ids, year=year)
    if sort == "name":
        return rows.order_by("-department_code" if descending else "department_code")
    value = F(sort).desc(nulls_last=True) if descending else F(sort).asc(nulls_last=True)
    return rows.order_by(value, "-department_code" if descending else "department_code")


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
