"""Operations' public face: the metrics scrape, and backup and restore of the database."""

from festival.operations.services.backup import BackupError, backup, restore
from festival.operations.services.figures import database_figures, scrape, scraper_allowed

__all__ = [
    "BackupError",
    "backup",
    "database_figures",
    "restore",
    "scrape",
    "scraper_allowed",
]
