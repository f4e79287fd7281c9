"""The HTML report of a tour: a folder of static pages (course map, one page per topic, API
reference) with the figures beside them; it opens from disk, with no server and no network."""

from ._html import write_report

__all__ = ["write_report"]
