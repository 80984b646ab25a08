#!/usr/bin/env bash
# Set up Closeness in ./.venv on Debian or Ubuntu, then open the app or run every test.
#
#   ./quickstart.sh app [ARGS...]    install what is missing, then open Closeness
#   ./quickstart.sh test [ARGS...]   install what is missing, then run the whole test suite
#
# System packages are installed with apt-get when they are missing and the script runs as
# root (or with sudo); otherwise it names them and stops.
set -euo pipefail
cd "$(dirname "$0")"

mode=${1:-}
[ $# -gt 0 ] && shift
case "$mode" in
  app|test) ;;
  *) sed -n '2,9p' "$0"; exit 2 ;;
esac

# Qt's xcb platform plugin and what PySide6 links against.
app_packages=(python3-venv libgl1 libegl1 libfontconfig1 libdbus-1-3 libglib2.0-0 libxkbcommon0
  libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1 fonts-dejavu-core
  fonts-noto-color-emoji)  # emoji in notes, on screen and in a printed year
# The desktop tests start a real X server, tray host, D-Bus session and notification daemon;
# the migration tests a throw-away PostgreSQL cluster (tests/postgres.py).
test_packages=(xvfb x11-utils xdotool trayer dbus dunst libnotify-bin imagemagick postgresql
  poppler-utils)  # the keepsake tests read their PDFs back (pdftotext, pdfinfo)

packages=("${app_packages[@]}")
[ "$mode" = test ] && packages+=("${test_packages[@]}")

missing=()
if command -v dpkg-query >/dev/null; then
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
    echo "quickstart: please install: ${missing[*]}" >&2; exit 1
  fi
  echo "quickstart: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=""
for candidate in python3 python3.13 python3.12 python3.11; do
  if command -v "$candidate" >/dev/null &&
    "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python=$candidate; break
  fi
done
[ -n "$python" ] || { echo "quickstart: Closeness needs Python 3.11 or newer" >&2; exit 1; }

extra="[heic]"
[ "$mode" = test ] && extra="[test]"
stamp=".venv/.installed$extra"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --editable ".$extra"
  touch "$stamp"
fi

if [ "$mode" = app ]; then
  exec .venv/bin/closeness "$@"
fi
exec .venv/bin/python -m pytest "$@"
