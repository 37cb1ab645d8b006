"""`credreg pilot`: a 90-day pilot's outcomes (badged against control candidates) and verification failures.

outcomes.py reads and validates the ATS export (CSV); verifications.py reads `credreg verify --format json`
reports; stats.py holds the statistics (quantiles, rates, a seeded bootstrap); analysis.py computes the result
as frozen dataclasses; text.py and html.py render it. Nothing here sends or stores anything: it reads files.
"""
