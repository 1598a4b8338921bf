"""The explanations (第三部分 情况说明): drafting them from the tables and checking every figure they state.

- numbers.py   the checklist's number format rule; amounts and percentages found in a text, with spans
- figures.py   the named quantities a text can state, from this year's and last year's tables
- vocabulary.toml  which phrase of which section names which quantity (data, not code)
- reader.py    a section read number by number: value, change, share, growth or completion rate, and of what
- rules.toml   the text checks' catalogue: codes, severities, message templates
- findings.py  the findings' shape (as the table engine's) and where they are in the text
- draft.py     narrative_draft(*, tables, prior=None, year): a first draft of each section
- check.py     narrative_check(*, sections, tables, prior=None, year, attachments=None): findings
- text_file.py a published text (plain text with the section titles) split into sections
"""
