"""Fault tests: the fault table (fault → injected, handled, lost, duplicated) printed at the end of the run.

Each scenario adds its counts with ``tests.faults.support.record``; under xdist the workers send their
rows to the controller, which prints one table.
"""

from __future__ import annotations

import pytest

from tests.faults import support


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None and support.ROWS:  # an xdist worker: hand the rows to the controller
        workeroutput["fault_rows"] = support.rows_json()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # noqa: ANN001 - xdist's hook
    rows = getattr(node, "workeroutput", {}).get("fault_rows")
    if rows:
        support.merge_json(rows)


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    lines = support.format_table()
    if not lines:
        return
    terminalreporter.section("fault table (tests/faults)")
    for line in lines:
        terminalreporter.write_line(line)
