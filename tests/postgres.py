"""A throw-away PostgreSQL server for the tests: one cluster per session, one database per test.

Use it with ``pytest_plugins = ["tests.postgres"]`` and ask for ``postgres_url`` (a fresh,
empty database of its own, dropped afterwards) or ``postgres_server`` (the cluster's
``postgres`` database).

The cluster runs from Debian's server binaries (``/usr/lib/postgresql/*/bin``), or ones on
``PATH``. When they are missing and the tests run as root, Debian's ``postgresql`` package is
installed with apt-get (``./quickstart.sh test`` does the same). ``initdb`` refuses to run as
root, so as root the cluster belongs to the ``postgres`` account (through ``runuser``); as
anyone else it belongs to them. It listens on 127.0.0.1 at a free port and on a socket in its
own temporary folder, trusts local connections, and runs with ``fsync=off``: nothing in it
needs to survive the session. The tests are skipped, with the reason, when no server can be
had.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

DEBIAN_BINARIES = Path("/usr/lib/postgresql")
#: The superuser of the cluster, whoever runs it.
SUPERUSER = "postgres"
#: Seconds ``pg_ctl`` waits for the server to accept connections.
START_TIMEOUT = 60


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _binaries() -> Path | None:
    """The folder with ``initdb`` and ``pg_ctl``: Debian's newest, else the ones on PATH."""

    def major(folder: Path) -> int:
        name = folder.parent.name
        return int(name) if name.isdigit() else 0

    for folder in sorted(DEBIAN_BINARIES.glob("*/bin"), key=major, reverse=True):
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl and Path(initdb).parent == Path(pg_ctl).parent:
        return Path(initdb).resolve().parent
    return None


def _install_with_apt() -> str | None:
    """Install Debian's ``postgresql`` package; None when it worked, else why not."""
    if shutil.which("apt-get") is None:
        return "there is no apt-get to install it with"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"],
    ):
        result = subprocess.run(
            command, env=env, capture_output=True, text=True, check=False, timeout=900
        )
        if result.returncode != 0:
            return f"`{' '.join(command)}` failed: {result.stderr.strip()[-500:]}"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class _Cluster:
    """initdb, pg_ctl start and stop, run as the account that owns the cluster."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        self.prefix: list[str] = []
        self.folder = Path(tempfile.mkdtemp(prefix="closeness-pg-"))
        if _is_root():
            import pwd

            owner = pwd.getpwnam("postgres")  # created by Debian's postgresql-common
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = 0
        # PGDATA, PGPORT, PGHOST... of the caller must not steer the tools to another server.
        self.env = {name: value for name, value in os.environ.items() if not name.startswith("PG")}

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self.prefix, str(self.binaries / tool), *args],
            cwd=self.folder,  # the postgres account may not enter the caller's folder
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
            timeout=START_TIMEOUT + 30,
        )

    def _server_log(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def start(self) -> None:
        made = self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
            "--locale=C", "--no-sync", "--no-instructions",
        )  # fmt: skip
        if made.returncode != 0:
            raise RuntimeError(f"initdb failed:\n{made.stdout}{made.stderr}")
        started = None
        for _attempt in range(3):  # another process may take the free port first
            self.port = _free_port()
            options = (
                f"-k {self.folder} -p {self.port} -c listen_addresses=127.0.0.1"
                " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            )
            started = self._run(
                "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w",
                "-t", str(START_TIMEOUT), "-o", options, "start",
            )  # fmt: skip
            if started.returncode == 0:
                return
        assert started is not None
        raise RuntimeError(
            f"pg_ctl start failed:\n{started.stdout}{started.stderr}\n{self._server_log()}"
        )

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    @property
    def url(self) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username=SUPERUSER,
            host="127.0.0.1",
            port=self.port,
            database="postgres",
        )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of the ``postgres`` database of a cluster started for this session."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (the `test` extra has it)")
    binaries = _binaries()
    if binaries is None:
        if not _is_root():
            pytest.skip(
                "no PostgreSQL server binaries (/usr/lib/postgresql/*/bin or initdb on PATH),"
                " and not root to install them: install Debian's `postgresql` package"
                " (./quickstart.sh test does)"
            )
        why_not = _install_with_apt()
        binaries = _binaries()
        if binaries is None:
            pytest.skip(f"PostgreSQL could not be installed: {why_not or 'no binaries after'}")
    if _is_root() and shutil.which("runuser") is None:
        pytest.skip("running as root, where initdb refuses to run, and there is no runuser")
    cluster = _Cluster(binaries)
    try:
        cluster.start()
        yield cluster.url.render_as_string(hide_password=False)
    finally:
        cluster.stop()


@pytest.fixture
def postgres_url(postgres_server: str) -> Iterator[str]:
    """The URL of a new, empty database on the session's server; dropped after the test."""
    name = f"closeness_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            # FORCE: a connection the test forgot to close must not keep the database alive.
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
