#!/bin/sh
# Make the macOS disk image from the app bundle that installers/build.py left in
# dist/pyinstaller/ILL Desk.app. UNTESTED on this project's build machine (Linux): written
# against the hdiutil, codesign, notarytool and stapler manual pages; see installers/README.md.
#
#   installers/macos/make_dmg.sh [DIST]            (DIST: build.py's --dist, default dist)
#
# With ILLDESK_CODESIGN_IDENTITY set (a "Developer ID Application: ..." certificate in the
# keychain) the app was signed by PyInstaller during the build; with ILLDESK_NOTARY_PROFILE set
# (made once with `xcrun notarytool store-credentials`) the image is also notarised and the
# ticket stapled, so Gatekeeper opens it without a warning on machines that are offline.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DIST=${1:-"$ROOT/dist"}
APP="$DIST/pyinstaller/ILL Desk.app"
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/src/illdesk/__init__.py")
DMG="$DIST/illdesk-$VERSION-macos.dmg"

if [ ! -d "$APP" ]; then
    echo "make_dmg.sh: $APP is missing; run python3 installers/build.py first." >&2
    exit 1
fi
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"   # drag the app onto it to install
rm -f "$DMG"
hdiutil create -volname "ILL Desk $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG"

if [ -n "${ILLDESK_CODESIGN_IDENTITY:-}" ]; then
    codesign --force --timestamp --sign "$ILLDESK_CODESIGN_IDENTITY" "$DMG"
fi
if [ -n "${ILLDESK_NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$DMG" --keychain-profile "$ILLDESK_NOTARY_PROFILE" --wait
    xcrun stapler staple "$DMG"
fi
echo "Disk image: $DMG"
