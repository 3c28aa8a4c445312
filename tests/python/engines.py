"""Shared by the Spark and Ray tests: whether a missing engine is a skip or a failure."""

import os

import pytest


def require(module):
    """Imports an engine; `.ci/run` sets TOMTAT_REQUIRE_ENGINES=1, so there a missing engine
    fails instead of skipping."""
    if os.environ.get("TOMTAT_REQUIRE_ENGINES") == "1":
        return __import__(module)
    return pytest.importorskip(module)
