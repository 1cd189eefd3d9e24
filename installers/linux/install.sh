#!/bin/sh
# Install ILL Desk from this unpacked archive, for the current user (default) or the whole
# machine (--system, as root). Installing over an older version replaces the program only: the
# data and settings stay where they are, and the new version upgrades the database on its
# first start after saving a copy of it.
#
#   ./install.sh              for you:      ~/.local/opt/illdesk, menu entry in ~/.local/share
#   sudo ./install.sh --system for everyone: /opt/illdesk, menu entry in /usr/local/share
#   ./install.sh --uninstall  (with --system for the machine-wide copy) removes the program,
#                             never the data (~/.local/share/illdesk) nor the settings
set -eu
APP_ID=org.illdesk.IllDesk
HERE=$(cd "$(dirname "$0")" && pwd)
MODE=user
ACTION=install
for arg in "$@"; do
    case "$arg" in
        --system) MODE=system ;;
        --uninstall) ACTION=uninstall ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
    esac
done
if [ "$MODE" = system ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "install.sh: --system installs for everyone and must run as root (sudo)." >&2
        exit 1
    fi
    PROGRAM=/opt/illdesk
    SHARE=/usr/local/share
    BIN=/usr/local/bin
else
    PROGRAM="$HOME/.local/opt/illdesk"
    SHARE="${XDG_DATA_HOME:-$HOME/.local/share}"
    BIN="$HOME/.local/bin"
fi

refresh_menus() {
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" 2>/dev/null || true
}

if [ "$ACTION" = uninstall ]; then
    rm -rf "$PROGRAM"
    rm -f "$BIN/illdesk" "$SHARE/applications/$APP_ID.desktop" "$SHARE/metainfo/$APP_ID.metainfo.xml"
    find "$SHARE/icons/hicolor" -name "$APP_ID.*" -delete 2>/dev/null || true
    refresh_menus
    echo "ILL Desk's program files are removed. Your data and settings were kept."
    exit 0
fi

if [ ! -x "$HERE/illdesk/illdesk" ]; then
    echo "install.sh: run this from the unpacked ILL Desk archive (illdesk/illdesk is missing)." >&2
    exit 1
fi
# A new copy next to the old one, then swapped in: a failed copy leaves the old one working.
mkdir -p "$(dirname "$PROGRAM")" "$BIN" "$SHARE/applications" "$SHARE/metainfo"
rm -rf "$PROGRAM.new"
cp -R "$HERE/illdesk" "$PROGRAM.new"
rm -rf "$PROGRAM"
mv "$PROGRAM.new" "$PROGRAM"
ln -sf "$PROGRAM/illdesk" "$BIN/illdesk"
sed "s|^Exec=.*|Exec=\"$PROGRAM/illdesk\"|" "$HERE/share/applications/$APP_ID.desktop" \
    > "$SHARE/applications/$APP_ID.desktop"
cp "$HERE/share/metainfo/$APP_ID.metainfo.xml" "$SHARE/metainfo/"
(cd "$HERE/share" && find icons -type f) | while read -r icon; do
    mkdir -p "$SHARE/$(dirname "$icon")"
    cp "$HERE/share/$icon" "$SHARE/$icon"
done
refresh_menus
echo "ILL Desk $("$PROGRAM/illdesk" --version | sed 's/^ILL Desk //') is installed in $PROGRAM."
echo "Start it from the applications menu (Office), or type: $BIN/illdesk"
