"""Bounds on input that the column types do not set themselves, shared by forms, API serializers,
filters and imports so that the same value gets the same answer everywhere and on both databases."""

# Free text (notes, minutes, descriptions) is a ``TextField`` without a limit; about 25 pages of
# text is far more than any record needs and keeps a megabyte of pasted data out of the rows.
LONG_TEXT_MAX_LENGTH = 50_000

# ``PositiveIntegerField`` / ``IntegerField`` on PostgreSQL (SQLite would take 64 bits).
INTEGER_MAX = 2_147_483_647
# ``PositiveSmallIntegerField`` on PostgreSQL.
SMALL_INTEGER_MAX = 32_767

# Ids and filters on any integer column: wider than this overflows the database driver.
BIG_INTEGER_MIN = -(2**63)
BIG_INTEGER_MAX = 2**63 - 1

# Any one query-string value (a search term, a filter, an ordering, a page size). A search over
# 50,000 characters is "LIKE or GLOB pattern too complex" on SQLite; no real term comes close to this.
QUERY_VALUE_MAX_LENGTH = 200
# A decree PDF (scanned SK with its table and map) is a few MB; 10 MB leaves room for a map.
DECREE_PDF_MAX_BYTES = 10 * 1024 * 1024

# RW/RT created by one bulk form ("RW 001–006, each RT 001–004" is 30).
COMMUNITY_AREAS_PER_FORM = 500
