"""Where Closeness keeps its files.

The data folder holds the shared household (the database and, later, photos); both OS
accounts of a household may point at the same one with ``--data-dir`` or
``CLOSENESS_DATA_DIR``. Logs and per-account window state stay with the OS account.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from closeness_desktop import APP_ID

DATA_DIR_ENV = "CLOSENESS_DATA_DIR"
DATABASE_FILE = "closeness.sqlite3"


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    config_dir: Path
    log_dir: Path

    @property
    def database_file(self) -> Path:
        return self.data_dir / DATABASE_FILE

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.database_file}"

    @property
    def log_file(self) -> Path:
        return self.log_dir / f"{APP_ID}.log"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "window.ini"


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """The folders to use: ``data_dir`` if given, else the environment, else the platform's."""
    import platformdirs

    chosen = data_dir or os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_ID)
    return Paths(
        data_dir=Path(chosen).expanduser().resolve(),
        config_dir=Path(platformdirs.user_config_dir(APP_ID)),
        log_dir=Path(platformdirs.user_log_dir(APP_ID)),
    )
