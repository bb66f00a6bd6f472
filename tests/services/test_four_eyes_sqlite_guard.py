"""The quick start runs on SQLite: its variant of the four-eyes trigger refuses a preparer as approver too.

Run against a throwaway in-memory SQLite database holding the two tables' relevant columns, since the
suite itself runs on PostgreSQL (where test_approval.py exercises the PostgreSQL trigger)."""
import importlib
import sqlite3

import pytest

guard = importlib.import_module("cases.migrations.0009_foureyes_guard_and_per_kommune_children")


@pytest.fixture
def db():
    connection = sqlite3.connect(":memory:")
    connection.executescript("""
        CREATE TABLE cases_casepreparer (id INTEGER PRIMARY KEY, case_id INTEGER, user_id INTEGER, kind TEXT);
        CREATE TABLE cases_decision (id INTEGER PRIMARY KEY, case_id INTEGER, status TEXT,
                                     four_eyes_required BOOL, approved_by_id INTEGER NULL);
        INSERT INTO cases_casepreparer (case_id, user_id, kind) VALUES (1, 7, 'registered');
        INSERT INTO cases_decision (id, case_id, status, four_eyes_required) VALUES (1, 1, 'proposed', 1);
    """)
    for statement in guard.SQLITE_GUARD:
        connection.execute(statement)
    yield connection
    connection.close()


def test_a_preparer_cannot_be_set_as_approver(db):
    with pytest.raises(sqlite3.IntegrityError, match="decision_four_eyes_preparers"):
        db.execute("UPDATE cases_decision SET status = 'approved', approved_by_id = 7 WHERE id = 1")


def test_a_preparer_cannot_be_inserted_as_approver(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO cases_decision (case_id, status, four_eyes_required, approved_by_id) "
                   "VALUES (1, 'approved', 1, 7)")


def test_another_user_or_no_four_eyes_passes(db):
    db.execute("UPDATE cases_decision SET approved_by_id = 8 WHERE id = 1")
    db.execute("INSERT INTO cases_decision (case_id, status, four_eyes_required, approved_by_id) "
               "VALUES (1, 'approved', 0, 7)")
