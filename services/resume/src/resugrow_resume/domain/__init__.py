"""Pure resume rules: no I/O, no framework imports."""
