"""Revisions of a year's rule set and checklist (审核规则修订).

Before any report of a year is submitted, an administrator's change to its rules or checklist
applies in place. From the first submission on, each change makes a new RuleSetRevision: the
state before it is kept (revision 1, the rules the first submissions were checked against), the
new one lists what changed, the year's reports still in the workflow are checked again against
it (recheck.py, in the background) and the accountants of the year's departments are told
(a notice, and e-mail where they have an address). The admin's hooks are in reviews/admin_revisions.py.
"""
