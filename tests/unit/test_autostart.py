"""Starting at login: an XDG autostart entry, a macOS LaunchAgent, the Windows Run key."""

from __future__ import annotations

import configparser
import ctypes
import ctypes.util
import plistlib
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from closeness_desktop.autostart import (
    MAC_LABEL,
    MacAutostart,
    WindowsAutostart,
    XdgAutostart,
    for_platform,
    launch_command,
)

COMMAND = ["/opt/python 3.11/bin/python", "-m", "closeness_desktop"]


def desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    assert parser.sections() == ["Desktop Entry"]
    return parser["Desktop Entry"]


_STRING_ESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
#: Characters the Desktop Entry specification reserves: an argument holding one is quoted.
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def exec_arguments(value: str) -> list[str]:
    """The arguments of an Exec value, read strictly by the Desktop Entry specification.

    First the escapes of a string value (``\\s \\n \\t \\r \\\\``, nothing else), then
    ``%%`` for a percent sign, then the quoting: reserved characters only inside double
    quotes, where a backslash escapes exactly ``"``, `````, ``$`` and ``\\``.
    """
    text = ""
    chars = iter(value)
    for char in chars:
        if char == "\\":
            escape = next(chars, "")
            assert escape in _STRING_ESCAPES, f"invalid string escape \\{escape} in {value!r}"
            text += _STRING_ESCAPES[escape]
        else:
            text += char
    assert "%" not in text.replace("%%", ""), f"a stray field code in {text!r}"
    text = text.replace("%%", "%")
    arguments: list[str] = []
    current: str | None = None
    quoted = False
    chars = iter(text)
    for char in chars:
        if quoted:
            if char == '"':
                quoted = False
            elif char == "\\":
                escaped = next(chars, "?")
                assert escaped in '"`$\\', f"invalid quoting in {text!r}"
                current = (current or "") + escaped
            else:
                current = (current or "") + char
        elif char == " ":
            if current is not None:
                arguments.append(current)
            current = None
        elif char == '"':
            quoted, current = True, current or ""
        else:
            assert char not in _RESERVED, f"unquoted {char!r} in {text!r}"
            current = (current or "") + char
    assert not quoted, f"unterminated quote in {text!r}"
    if current is not None:
        arguments.append(current)
    return arguments


class _GError(ctypes.Structure):
    _fields_: ClassVar = [
        ("domain", ctypes.c_uint32),
        ("code", ctypes.c_int),
        ("message", ctypes.c_char_p),
    ]


def glib_exec_arguments(path: Path) -> list[str]:
    """How GLib (GNOME's autostart) reads the Exec key: key file string, then shell words."""
    glib = ctypes.CDLL(ctypes.util.find_library("glib-2.0") or "libglib-2.0.so.0")
    error = ctypes.POINTER(_GError)()
    glib.g_key_file_new.restype = ctypes.c_void_p
    key_file = glib.g_key_file_new()
    glib.g_key_file_load_from_file.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int,
                                               ctypes.c_void_p]  # fmt: skip
    assert glib.g_key_file_load_from_file(key_file, str(path).encode(), 0, ctypes.byref(error))
    glib.g_key_file_get_string.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                           ctypes.c_void_p]  # fmt: skip
    glib.g_key_file_get_string.restype = ctypes.c_void_p
    value = glib.g_key_file_get_string(key_file, b"Desktop Entry", b"Exec", ctypes.byref(error))
    # GLib hands back a value even when it could not interpret it; the error tells.
    assert not error, error.contents.message.decode()
    line = ctypes.string_at(value).decode().replace("%%", "%")
    argc, argv = ctypes.c_int(), ctypes.POINTER(ctypes.c_char_p)()
    glib.g_shell_parse_argv.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p,
                                        ctypes.c_void_p]  # fmt: skip
    parsed = glib.g_shell_parse_argv(
        line.encode(), ctypes.byref(argc), ctypes.byref(argv), ctypes.byref(error)
    )
    assert parsed, error.contents.message.decode()
    return [(argv[number] or b"").decode() for number in range(argc.value)]


def _has_glib() -> bool:
    try:
        ctypes.CDLL(ctypes.util.find_library("glib-2.0") or "libglib-2.0.so.0")
    except OSError:
        return False
    return True


# ------------------------------------------------------------------------------------ XDG


def test_enable_writes_a_valid_desktop_entry(tmp_path: Path) -> None:
    autostart = XdgAutostart(COMMAND, config_home=tmp_path)
    assert not autostart.is_enabled()

    autostart.set_enabled(True)

    assert autostart.path == tmp_path / "autostart" / "closeness.desktop"
    assert autostart.is_enabled()
    entry = desktop_entry(autostart.path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Closeness"
    assert entry["Icon"] == "closeness"
    assert entry["Terminal"] == "false"
    assert entry["Exec"] == '"/opt/python 3.11/bin/python" -m closeness_desktop'
    assert exec_arguments(entry["Exec"]) == COMMAND


AWKWARD_DIR = 'Our "home" $HOME `x` 100% \\ (done) \\'


def test_exec_quotes_what_the_specification_reserves(tmp_path: Path) -> None:
    command = launch_command(tmp_path / AWKWARD_DIR)
    autostart = XdgAutostart(command, config_home=tmp_path)

    autostart.set_enabled(True)

    line = desktop_entry(autostart.path)["Exec"]
    assert exec_arguments(line) == command
    assert command[-2:] == ["--data-dir", str(tmp_path / AWKWARD_DIR)]


@pytest.mark.skipif(not _has_glib(), reason="GLib is not installed")
def test_glib_reads_the_exec_line_back_unchanged(tmp_path: Path) -> None:
    command = [*COMMAND, "--data-dir", str(tmp_path / AWKWARD_DIR)]
    autostart = XdgAutostart(command, config_home=tmp_path)

    autostart.set_enabled(True)

    assert glib_exec_arguments(autostart.path) == command


def test_enabling_twice_keeps_one_entry(tmp_path: Path) -> None:
    autostart = XdgAutostart(COMMAND, config_home=tmp_path)
    autostart.set_enabled(True)
    autostart.set_enabled(True)

    assert [p.name for p in (tmp_path / "autostart").iterdir()] == ["closeness.desktop"]


def test_disable_removes_the_entry_and_may_be_repeated(tmp_path: Path) -> None:
    autostart = XdgAutostart(COMMAND, config_home=tmp_path)
    autostart.set_enabled(True)

    autostart.set_enabled(False)
    autostart.set_enabled(False)

    assert not autostart.path.exists()
    assert not autostart.is_enabled()


def test_the_config_home_comes_from_xdg_config_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))

    assert XdgAutostart(COMMAND).path == tmp_path / "cfg" / "autostart" / "closeness.desktop"


def test_without_xdg_config_home_it_is_in_dot_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))

    assert XdgAutostart(COMMAND).path == tmp_path / ".config" / "autostart" / "closeness.desktop"


def test_launch_command_runs_this_python() -> None:
    assert launch_command() == [sys.executable, "-m", "closeness_desktop"]
    assert launch_command(Path("/data"))[-2:] == ["--data-dir", "/data"]


# ---------------------------------------------------------------------------------- macOS


def test_mac_launch_agent_runs_at_load(tmp_path: Path) -> None:
    autostart = MacAutostart(COMMAND, home=tmp_path)
    assert not autostart.is_enabled()

    autostart.set_enabled(True)

    assert autostart.path == tmp_path / "Library" / "LaunchAgents" / f"{MAC_LABEL}.plist"
    assert autostart.is_enabled()
    agent = plistlib.loads(autostart.path.read_bytes())
    assert agent == {"Label": MAC_LABEL, "ProgramArguments": COMMAND, "RunAtLoad": True}

    autostart.set_enabled(False)
    assert not autostart.is_enabled()
    autostart.set_enabled(False)


# -------------------------------------------------------------------------------- Windows


@pytest.mark.skipif(sys.platform == "win32", reason="the Run key is real on Windows")
def test_windows_autostart_elsewhere_raises_oserror() -> None:
    autostart = WindowsAutostart(COMMAND)

    with pytest.raises(OSError, match="Windows only"):
        autostart.is_enabled()
    with pytest.raises(OSError, match="Windows only"):
        autostart.set_enabled(True)


# ----------------------------------------------------------------------------- choosing


@pytest.mark.parametrize(
    ("platform", "kind"),
    [
        ("linux", XdgAutostart),
        ("freebsd14", XdgAutostart),
        ("darwin", MacAutostart),
        ("win32", WindowsAutostart),
    ],
)
def test_for_platform_picks_the_implementation(platform: str, kind: type) -> None:
    chosen = for_platform(COMMAND, platform)

    assert type(chosen) is kind
    assert chosen.command == COMMAND  # type: ignore[attr-defined]
