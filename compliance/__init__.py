"""compliance: checks that late administrative cases got their written apology.

The package follows the data flow of one monthly run (see ``pipeline.run``):
read inputs → normalise → classify → match letters → verify websites →
findings and counts → render reports and drafts.
"""

__version__ = "0.1.0"
PROJECT_URL = "https://example.gov.vn/compliance"
