"""Fixtures and settings shared by every test module."""

from __future__ import annotations

import hypothesis
import pytest
from helpers import BACKENDS

# Derandomized, so a run is reproducible and CI sees the same cases as a developer.
hypothesis.settings.register_profile(
    "clsloss", max_examples=120, deadline=None, derandomize=True, print_blob=True
)
hypothesis.settings.load_profile("clsloss")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Run a test once with NumPy arrays and once with torch tensors."""
    return str(request.param)
