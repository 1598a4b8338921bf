"""Notices in the portal (the bell in the header) and the e-mail that goes with them.

services.py sends them (a notice to each user, an e-mail to those with an address once the
transaction commits) for the workflow's returns, approvals and publications, the deadlines
coming up (a daily beat task) and rule-set revisions; and marks them read. selectors.py reads a
user's own notices, and the accountants who cannot get the e-mail.
"""
