#!/usr/bin/env bash
# Open the served kiosk full screen in Chromium's kiosk mode; reopen it if the browser ever closes.
# Run it inside the kiosk user's graphical session, or under the cage Wayland compositor (kiosk-browser.service).
set -u
URL=${KIOSK_URL:-http://127.0.0.1:8080/}
BROWSER=$(command -v chromium || command -v chromium-browser)
PROFILE=${XDG_RUNTIME_DIR:-/tmp}/kiosk-browser-profile

while true; do
  # Wait for `kiosk serve`; the page itself reconnects after that if the kiosk restarts.
  until curl -fsS "${URL%/}/healthz" >/dev/null 2>&1; do sleep 1; done
  rm -rf "$PROFILE"  # a fresh profile each time: no history, no saved form data, no "restore pages" bubble
  "$BROWSER" \
    --kiosk "$URL" \
    --user-data-dir="$PROFILE" \
    --no-first-run --no-default-browser-check \
    --noerrdialogs --disable-infobars --disable-session-crashed-bubble \
    --disable-translate --disable-features=Translate,TouchpadOverscrollHistoryNavigation \
    --overscroll-history-navigation=0 --disable-pinch \
    --disable-pull-to-refresh-effect \
    --check-for-update-interval=31536000 \
    --password-store=basic --incognito \
    --touch-events=enabled
  sleep 2
done
