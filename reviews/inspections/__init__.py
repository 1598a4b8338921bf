"""The finance bureau's 公开检查 of published disclosures, and the public check of one PDF.

A reviewer uploads the published PDFs of a year (or ZIP archives of them): uploads.py bounds
what is read; services.py stores each PDF and queues its check; checking.py is what the Celery
task runs (reviews.published.review_published, the review_pdf command's reading and checks),
and matching.py finds each file's department among the region's. selectors.py reads the
results for the pages, workbook.py writes them to Excel, notice.py sums them up as the
region's 通报. public.py is the public page's side: its rate limit and the kept results.
"""

# The lane of portal.background the checks run in without a broker, beside the other background
# work, as on a broker they have a queue of their own (INSPECTION_CHECK_QUEUE).
CHECK_LANE = "inspection-checks"
