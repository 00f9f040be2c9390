"""Pure tracker rules: stages, history, analytics, import/export, clipping, reminders, timeline.

Nothing here does I/O or imports a framework; "now" and "as_of" are always passed in.
"""
