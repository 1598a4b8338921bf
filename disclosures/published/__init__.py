"""Published disclosures read back from their PDF: the parts, the nine tables and the text.

pages.py reads a PDF's pages into text lines and ruled tables with positions; parts.py finds the
document's parts (目录, 概况, 决算表, 情况说明, 重点工作, 名词解释, 附件); tables.py rebuilds each
of the nine tables as the cell grid the workbook reader (disclosures.excel.reader) interprets, so
one reader knows every printed layout; document.py puts it together (`published_read`).
"""
