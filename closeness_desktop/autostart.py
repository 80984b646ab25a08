"""Start Closeness at login: one interface, one implementation per platform.

- Linux (and other XDG desktops): ``$XDG_CONFIG_HOME/autostart/closeness.desktop``
  (tested).
- Windows: a value under ``HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``
  (implemented; untested here, where there is no Windows machine).
- macOS: a LaunchAgent in ``~/Library/LaunchAgents`` with ``RunAtLoad`` (implemented;
  untested here, where there is no Mac).
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import sys
from pathlib import Path
from typing import Protocol

from closeness_desktop import APP_ID, APP_NAME

WINDOWS_RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
MAC_LABEL = "org.closeness.desktop"


def launch_command(data_dir: Path | None = None) -> list[str]:
    """How to start this installation of Closeness, in the tray, from a login session."""
    command = [sys.executable, "-m", "closeness_desktop"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return command


class Autostart(Protocol):
    def is_enabled(self) -> bool: ...

    def set_enabled(self, enabled: bool) -> None: ...


class _FileAutostart:
    """Autostart by a file that the session reads at login: there or not there."""

    path: Path

    def __init__(self, command: list[str]) -> None:
        self.command = command

    def is_enabled(self) -> bool:
        return self.path.exists()

    def set_enabled(self, enabled: bool) -> None:
        if not enabled:
            self.path.unlink(missing_ok=True)
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_bytes(self.contents())

    def contents(self) -> bytes:
        raise NotImplementedError


class XdgAutostart(_FileAutostart):
    def __init__(self, command: list[str], config_home: Path | None = None) -> None:
        super().__init__(command)
        base = config_home or Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        self.path = base / "autostart" / f"{APP_ID}.desktop"

    def contents(self) -> bytes:
        exec_line = " ".join(_desktop_quote(part) for part in self.command)
        return (
            "[Desktop Entry]\n"
            "Type=Application\n"
            f"Name={APP_NAME}\n"
            "Comment=Greets you when you arrive and keeps your little rituals\n"
            f"Exec={_desktop_string(exec_line)}\n"
            f"Icon={APP_ID}\n"
            "Terminal=false\n"
            "X-GNOME-Autostart-enabled=true\n"
        ).encode()


def _desktop_quote(argument: str) -> str:
    """Quote one Exec argument as the Desktop Entry specification asks.

    Inside double quotes ``"``, `````, ``$`` and ``\\`` take a backslash, and ``%`` is
    doubled (``%f`` and friends are field codes).
    """
    if argument and all(c.isalnum() or c in "-_./=:" for c in argument):
        return argument
    escaped = "".join(f"\\{c}" if c in '"`$\\' else c for c in argument)
    return '"' + escaped.replace("%", "%%") + '"'


def _desktop_string(value: str) -> str:
    """A value of type string: its backslashes (and control characters) escaped once more.

    The string escapes are undone before the Exec quoting is read, so a quoted ``$`` is
    written ``\\\\$`` and a quoted backslash ``\\\\\\\\``, as the specification says.
    """
    return (
        value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )


class WindowsAutostart:
    def __init__(self, command: list[str]) -> None:
        self.command = command

    def is_enabled(self) -> bool:
        if sys.platform != "win32":
            raise OSError("the Run key exists on Windows only")
        import winreg  # type: ignore[unreachable, unused-ignore]

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY) as key:
                winreg.QueryValueEx(key, APP_NAME)
        except OSError:
            return False
        return True

    def set_enabled(self, enabled: bool) -> None:
        if sys.platform != "win32":
            raise OSError("the Run key exists on Windows only")
        import subprocess  # type: ignore[unreachable, unused-ignore]
        import winreg

        with winreg.OpenKey(
            winreg.HKEY_CURRENT_USER, WINDOWS_RUN_KEY, 0, winreg.KEY_SET_VALUE
        ) as key:
            if enabled:
                line = subprocess.list2cmdline(self.command)
                winreg.SetValueEx(key, APP_NAME, 0, winreg.REG_SZ, line)
            else:
                with contextlib.suppress(FileNotFoundError):
                    winreg.DeleteValue(key, APP_NAME)


class MacAutostart(_FileAutostart):
    def __init__(self, command: list[str], home: Path | None = None) -> None:
        super().__init__(command)
        self.path = (home or Path.home()) / "Library" / "LaunchAgents" / f"{MAC_LABEL}.plist"

    def contents(self) -> bytes:
        agent = {"Label": MAC_LABEL, "ProgramArguments": self.command, "RunAtLoad": True}
        return plistlib.dumps(agent)


def for_platform(command: list[str], platform: str = sys.platform) -> Autostart:
    if platform == "win32":
        return WindowsAutostart(command)
    if platform == "darwin":
        return MacAutostart(command)
    return XdgAutostart(command)
