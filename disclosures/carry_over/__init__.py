"""从上年带入: a new year's report starts from the department's report of the year before.

- selectors.py  carry_over_source (which version of last year), carry_over_plan (what would be
                carried and what is kept because the new report already has it)
- services.py   version_carry_over: writes the plan in one transaction, one audit event

What is carried, never over what the new report already holds: the text sections of 概况 and
情况说明 (as a draft: the figures in them are last year's, and the text checks name each one),
the 名词解释 when the new report has none, last year's totals for the text when last year's report
is not published here (prior_year.*), and the opening balances the tables' description ties to
last year's closing ones (nine_tables.toml `carry_from`: 公开01表 and 04表's 年初结转和结余, 07表's and
a region's 08表's 年初结转和结余 column). None of the nine tables has a 上年数 column.
"""
