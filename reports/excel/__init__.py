"""A return as the council's own spreadsheet (workbook.py), written cell by cell as a
spreadsheet expects (cells.py)."""

from .cells import CELL_LIMIT, MAX_ROW_HEIGHT, RAG_FILLS
from .workbook import build_kpi_workbook

__all__ = ["CELL_LIMIT", "MAX_ROW_HEIGHT", "RAG_FILLS", "build_kpi_workbook"]
