"""Demo data for trying the inbox and for benchmarks: not part of the product's rules."""
