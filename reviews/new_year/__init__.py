"""开启新年度: a year's calendar, last year's rule set and checklist copied, and a report (with
its version 1) for every active department or the selected ones.

- content.py: a year's rule set and checklist as plain values, from the database or, when the
  database has none, from the repo's data files for that year;
- selectors.py: what opening the year changes, side by side with the year it copies;
- services.py: the opening itself, in one transaction, audited; doing it twice changes nothing.
"""
