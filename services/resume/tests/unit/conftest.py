"""Makes ``fakes.py`` importable as ``resume_fakes`` (tests use --import-mode=importlib)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

if "resume_fakes" not in sys.modules:
    _spec = importlib.util.spec_from_file_location("resume_fakes", Path(__file__).with_name("fakes.py"))
    assert _spec is not None and _spec.loader is not None
    _module = importlib.util.module_from_spec(_spec)
    sys.modules["resume_fakes"] = _module
    _spec.loader.exec_module(_module)
