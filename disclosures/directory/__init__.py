"""The bureau's unit directory (单位目录): departments and units created or updated from one
Excel or CSV file, all or nothing.

- columns.py: the columns a directory has, with the headers each may carry;
- reader.py: a file (.xlsx or .csv) into rows, each value with its sheet, row and column;
- plan.py: the rows checked and compared with the database: every change, or every problem;
- services.py: the plan applied in one transaction, audited; accountants from the contacts.
"""
