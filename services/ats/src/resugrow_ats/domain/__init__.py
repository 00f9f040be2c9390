"""Pure ATS rules: ingest, read, parse, skills, job analysis and scores. No I/O beyond the bytes handed in."""
