"""Writes of the unit directory: the plan applied, all or nothing, audited."""

from django.db import transaction

from portal.accounts.invitations import account_invitation_send
from portal.accounts.models import Role, User
from portal.audit.services import audit_record

from ..listing.services import department_listings_refresh
from ..models import Department, Region
from .contacts import ADD_DEPARTMENTS, CREATE, contact_accounts_plan
from .plan import directory_plan
from .reader import DirectoryError


class DirectoryChanged(DirectoryError):
    """The database changed since the preview: the changes to apply are not the ones shown."""

    def __init__(self, plan):
        self.plan = plan
        super().__init__(["预览之后单位或区域已有变动，将写入的内容与预览不同；请核对新的预览后再确认"])


def directory_apply(*, directory, user=None, expected_digest=None):
    """Create and update the units (and new regions) of a DirectoryFile in one transaction.

    Raises DirectoryError listing every problem, writing nothing; with `expected_digest` (the
    preview's DirectoryPlan.digest()), DirectoryChanged when the changes differ from it.
    Returns the applied DirectoryPlan. A file that changes nothing writes nothing.
    """
    with transaction.atomic():
        plan = directory_plan(directory=directory)
        if plan.problems:
            raise DirectoryError(plan.problems)
        if expected_digest is not None and plan.digest() != expected_digest:
            raise DirectoryChanged(plan)
        if not plan.changes:
            return plan
        regions = {r.code: r for r in Region.objects.filter(code__in={e.values["region"] for e in plan.entries})}
        for change in plan.regions:  # parents first (the plan orders them by code length)
            parent_code = change.parent.split(" ", 1)[0] if change.parent else ""
            parent = regions.get(parent_code) or Region.objects.filter(code=parent_code).first() if parent_code else None
            regions[change.code] = Region.objects.create(code=change.code, name=change.name, parent=parent)
        touched = {c.code for c in (*plan.creates, *plan.updates)}
        departments = {d.code: d for d in Department.objects.select_for_update().filter(code__in=touched)}
        for entry in plan.entries:
            if entry.code not in touched:
                continue
            values = entry.values
            department = departments.get(entry.code)
            if department is None:
                department = Department(code=entry.code)
                departments[entry.code] = department
            elif values["name"] != department.name and department.name not in department.alias_list():
                department.aliases = "\n".join([*department.alias_list(), department.name])
            department.name = values["name"]
            department.region = regions[values["region"]]
            for key in ("unit_type", "primary_unit", "contact_name", "contact_phone", "contact_email"):
                if key in values:
                    setattr(department, key, values[key])
            department.save()
        parents = {d.code: d for d in Department.objects.filter(code__in={e.values.get("parent") for e in plan.entries} - {None, ""})}
        for entry in plan.entries:
            if entry.code not in touched or "parent" not in entry.values:
                continue
            department = departments[entry.code]
            parent = parents.get(entry.values["parent"])
            if department.parent_id != (parent.pk if parent else None):
                department.parent = parent
                department.save(update_fields=["parent"])
        department_listings_refresh(departments=departments.values())
        audit_record(
            action="directory_import",
            actor=user,
            payload={
                "filename": plan.filename,
                "regions_created": [r.code for r in plan.regions],
                "created": [c.code for c in plan.creates],
                "updated": {c.code: [f.label for f in c.changes] for c in plan.updates},
            },
        )
    return plan


def contact_accounts_create(*, departments, user=None, protocol="https", domain="localhost"):
    """Accountants for the units' contacts (contacts.contact_accounts_plan): a new account per
    e-mail address, named by it, with no usable password and an e-mailed link to set one; an
    existing accountant gets the units it lacks. Other accounts are left alone. Audited; the
    invitations are sent once the transaction is committed. Returns the plan as applied."""
    with transaction.atomic():
        plan = contact_accounts_plan(departments=departments)
        created, added = [], {}
        for account in plan:
            if account.verdict == CREATE:
                new = User(username=account.email, email=account.email, display_name=account.name[:64], role=Role.ACCOUNTANT)
                new.set_unusable_password()
                new.save()
                new.departments.set(account.departments)
                account.user = new
                created.append(new)
            elif account.verdict == ADD_DEPARTMENTS:
                account.user.departments.add(*account.added)
                added[account.user.username] = [d.code for d in account.added]
        if created or added:
            audit_record(
                action="contact_accounts",
                actor=user,
                payload={
                    "created": {u.username: [d.code for d in u.departments.all()] for u in created},
                    "departments_added": added,
                },
            )
        for new in created:
            transaction.on_commit(lambda new=new: account_invitation_send(user=new, protocol=protocol, domain=domain))
    return plan
