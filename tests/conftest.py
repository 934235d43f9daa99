"""Shared fixtures. Qt runs offscreen; user data goes to a temporary folder."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from thidua_desktop.store.db import open_database  # noqa: E402


@pytest.fixture(autouse=True)
def _user_data_dir(tmp_path_factory, monkeypatch):
    """Every test gets its own user data folder (backups, logs, settings)."""
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("THIDUA_DATA_DIR", str(data))
    return data


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "thidua.sqlite"


@pytest.fixture
def db(db_path):
    database = open_database(db_path)
    yield database
    database.close()
