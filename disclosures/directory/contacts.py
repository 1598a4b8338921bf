"""Accountants' accounts from the units' contacts (联系人, 电子邮箱): what would be created or
changed, read without writing. One account per e-mail address: a contact who reports for
several units gets one account holding them all."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Lower

from portal.accounts.models import Role, User

CREATE, ADD_DEPARTMENTS, UNCHANGED, CONFLICT, NO_EMAIL = "create", "add", "unchanged", "conflict", "no_email"
VERDICTS = {
    CREATE: "新建会计账户",
    ADD_DEPARTMENTS: "已有会计账户，追加负责的部门",
    UNCHANGED: "已有会计账户，不变",
    CONFLICT: "已有同一邮箱的其他角色账户，不改动",
    NO_EMAIL: "单位没有联系人电子邮箱，不建账户",
}


@dataclass
class ContactAccount:
    email: str
    name: str
    departments: list  # the units whose contact this is
    verdict: str
    user: User | None = None
    added: list = field(default_factory=list)  # units to add to an existing account

    @property
    def username(self):
        return self.user.username if self.user is not None else self.email

    @property
    def verdict_label(self):
        return VERDICTS[self.verdict]


def contact_accounts_plan(*, departments):
    """[ContactAccount] for the units' contacts, new accounts first, then changes, then the rest."""
    by_email, missing = {}, []
    for department in sorted(departments, key=lambda d: d.code):
        email = (department.contact_email or "").strip().lower()
        if not email:
            missing.append(ContactAccount("", department.contact_name, [department], NO_EMAIL))
            continue
        entry = by_email.setdefault(email, ContactAccount(email, department.contact_name, [], CREATE))
        entry.departments.append(department)
        entry.name = entry.name or department.contact_name
    emails = list(by_email)
    existing = {}
    users = User.objects.annotate(email_key=Lower("email"), name_key=Lower("username"))
    for user in users.filter(Q(email_key__in=emails) | Q(name_key__in=emails)).prefetch_related("departments"):
        for key in {user.email.lower(), user.username.lower()} & set(emails):
            existing.setdefault(key, user)
    for email, entry in by_email.items():
        user = existing.get(email)
        if user is None:
            continue
        entry.user = user
        if user.role != Role.ACCOUNTANT:
            entry.verdict = CONFLICT
            continue
        have = {d.pk for d in user.departments.all()}
        entry.added = [d for d in entry.departments if d.pk not in have]
        entry.verdict = ADD_DEPARTMENTS if entry.added else UNCHANGED
    order = (CREATE, ADD_DEPARTMENTS, UNCHANGED, CONFLICT, NO_EMAIL)
    return sorted([*by_email.values(), *missing], key=lambda a: order.index(a.verdict))
