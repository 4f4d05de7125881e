"""Procedure catalogue: shipped data, colloquial names, versions, import/export and citizen search."""
