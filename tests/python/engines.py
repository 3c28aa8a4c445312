"""Shared by the Spark and Ray tests: whether a missing engine is a skip or a failure."""

import os

import pytest


def require(module):
    """Imports an engine; `.ci/run` sets TOMTAT_REQUIRE_ENGINES=1, so there a missing engine
    fails instead of skipping."""
    if os.environ.get("TOMTAT_REQUIRE_ENGINES") == "1":
        return __import__(module)
    return pytest.importorskip(module)


def heavy(module):
    """Imports a framework of the heavy set (torch, transformers' Trainer, lighteval), which
    scripts/test_trainer_lighteval.sh installs in a venv of its own and runs with
    TOMTAT_REQUIRE_HEAVY=1 (then a missing one fails); the main test venv skips these tests."""
    if os.environ.get("TOMTAT_REQUIRE_HEAVY") == "1":
        return __import__(module)
    return pytest.importorskip(module, reason="the heavy frameworks run in scripts/test_trainer_lighteval.sh")
