"""Statistics: facts recorded as things happen (facts, missed), and figures over a date range
computed from them in SQL (figures, percentiles, buckets). See docs/STATISTICS.md."""
