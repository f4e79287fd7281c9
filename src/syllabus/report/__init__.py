"""The HTML report of a tour: one self-contained page (figures embedded)."""

from ._html import write_report

__all__ = ["write_report"]
