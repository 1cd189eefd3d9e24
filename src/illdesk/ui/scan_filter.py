"""Catch keyboard-wedge scans wherever the keyboard focus happens to be.

A USB scanner in keyboard mode types the barcode into whatever has focus. At a busy desk that is
often not the scan bar but a note field or a search box, so without help the barcode lands in
the wrong field and its Enter may even submit a form. :class:`ScanKeyFilter` is an application
event filter that recognises scanner bursts (see :mod:`illdesk.devices.wedge`) and turns them
into a ``scanned`` signal instead.

Design: hold keys back, never take them back
---------------------------------------------
Two designs were possible:

* *Remove afterwards*: let every key through, and when a burst turns out to be a scan, delete
  the characters it typed. The field's ``textChanged``, completers, validators, undo history
  and, worst, the terminating Enter (``returnPressed``, a dialog's default button) would all
  have fired on the scan characters; deleting them again cannot undo those side effects, and
  the field may have changed in between (cursor moved, selection replaced).
* *Hold back* (chosen): a printable key is kept back for at most ``max_gap`` (40 ms by default).
  If the next key comes sooner it is held too, unless the run's pace already rules out a scan
  (then the run is let through at once); if a terminator completes a run that the whole-run
  test (:func:`illdesk.devices.burst.classify_burst`) takes for a scan, the held keys and the
  terminator are dropped and ``scanned`` is emitted. Otherwise (a pause,
  a short run, a non-text key, a focus change) the held keys are replayed, in order, to the
  widget they were typed into, before anything else reaches it.

Holding back never loses a human keystroke (every held key is either replayed or was part of a
scan) and never leaves scan characters in a field (they are never delivered). The price is that
typed characters appear up to ``max_gap`` later, which nobody notices at 40 ms.

Setting ``ILLDESK_KEY_TIMING_LOG`` to a file name makes the filter append one JSON line per key
(its timestamp, what was done with it, the kind of widget) and per judged run (the verdict and
its figures), never the characters: it is how the real-X-server test measures what it sent,
and how a desk's scanner can be examined in the field.

Keys aimed at the scan bar (:meth:`ScanKeyFilter.set_scan_field`) or at any field that asks
for a barcode (:func:`mark_barcode_field`: the new request form's library card, the patron
directory's search) are not held: a scan typed there belongs to that field, Enter and all.
Keys with Ctrl/Meta, auto-repeated keys and non-text keys (arrows, Backspace, F-keys) always
pass at once, after any held keys.

Timing uses the key events' own timestamps when the platform provides them, so keys that queue
up while the GUI thread is busy keep their real spacing and fast-looking "bursts" of human
typing are not invented by a pause in the event loop. Known limit: if the GUI thread is blocked
for longer than ``max_gap`` *in the middle* of a scan, the release timer can fire before the
rest of the burst is processed; the first part of the scan is then typed into the field.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from illdesk.devices.wedge import KeyFate, WedgeBurstDetector, WedgeSettings

__all__ = ["BARCODE_FIELD_PROPERTY", "ScanKeyFilter", "is_barcode_field", "mark_barcode_field"]

#: The widget property that marks a field asking for a barcode (it takes scans itself).
BARCODE_FIELD_PROPERTY = "illdeskBarcodeField"

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_SHORTCUT_MODIFIERS = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier
# The release timer fires a little after max_gap so a key arriving right at the limit wins.
_TIMER_MARGIN_MS = 5


@dataclass(frozen=True)
class _HeldKey:
    target: QWidget
    key: int
    modifiers: Qt.KeyboardModifier
    text: str


def mark_barcode_field(widget: QWidget) -> None:
    """Say that ``widget`` asks for a barcode: scans typed into it stay in it."""
    widget.setProperty(BARCODE_FIELD_PROPERTY, True)


def is_barcode_field(widget: QWidget) -> bool:
    """True for a field marked with :func:`mark_barcode_field`."""
    return bool(widget.property(BARCODE_FIELD_PROPERTY))


class ScanKeyFilter(QObject):
    """Application-wide event filter that turns keyboard-wedge bursts into scans.

    Install it with :meth:`install` (on the QApplication by default) and connect ``scanned``.

    Signals:
        scanned(str): the text of a scan (prefix, suffix and terminator removed; not yet
            normalised, see :func:`illdesk.core.scan.normalize_scan`).
    """

    scanned = Signal(str)

    def __init__(
        self,
        settings: WedgeSettings | None = None,
        parent: QObject | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        use_event_timestamps: bool = True,
    ) -> None:
        super().__init__(parent)
        self._detector: WedgeBurstDetector[_HeldKey] = WedgeBurstDetector(settings)
        self._clock = clock
        self._use_event_timestamps = use_event_timestamps
        self._scan_field: QWidget | None = None
        self._enabled = True
        self._replaying = False
        self._installed_on: QObject | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(self._detector.settings.max_gap * 1000) + _TIMER_MARGIN_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timing_log: IO[str] | None = _open_timing_log()
        self._last_key: tuple[QWidget, int, int, str] | None = None

    @property
    def settings(self) -> WedgeSettings:
        """The burst thresholds in use."""
        return self._detector.settings

    @property
    def holding(self) -> bool:
        """True while typed keys are held back, waiting to see whether they are a scan."""
        return self._detector.holding

    def apply_settings(self, settings: WedgeSettings) -> None:
        """Use new burst limits (the scanner settings were saved); held keys go out first."""
        self.release_held()
        self._detector = WedgeBurstDetector(settings)
        self._timer.setInterval(int(settings.max_gap * 1000) + _TIMER_MARGIN_MS)

    def install(self, target: QObject | None = None) -> None:
        """Start filtering key events of ``target`` (default: the whole application)."""
        watched = target if target is not None else QCoreApplication.instance()
        if watched is None:
            raise RuntimeError("create the QApplication before installing the scan filter")
        self.uninstall()
        watched.installEventFilter(self)
        self._installed_on = watched
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

    def uninstall(self) -> None:
        """Stop filtering; held keys are delivered first."""
        self.release_held()
        if self._installed_on is not None:
            if shiboken6.isValid(self._installed_on):
                self._installed_on.removeEventFilter(self)
            app = QApplication.instance()
            if isinstance(app, QApplication):
                app.focusChanged.disconnect(self._on_app_focus_changed)
            self._installed_on = None

    def set_scan_field(self, widget: QWidget | None) -> None:
        """Keys typed into ``widget`` (the scan bar) pass untouched and are never held."""
        self._scan_field = widget

    def set_enabled(self, enabled: bool) -> None:
        """Turn burst detection on or off (off: every key passes at once)."""
        if not enabled:
            self.release_held()
        self._enabled = enabled

    def release_held(self) -> None:
        """Deliver every held key now, in order, to the widget it was typed into."""
        self._timer.stop()
        keys = self._detector.flush()
        self._log_release(len(keys))
        self._replay(keys)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hold, replay or swallow key presses; everything else passes."""
        # Every event of the application passes here: leave the cheap checks first.
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if self._replaying or not self._enabled or not isinstance(watched, QWidget):
            return False
        if not isinstance(event, QKeyEvent):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            return self._claim_enter_of_scan(event)
        if self._is_propagated(watched, event):
            return False
        if watched is self._scan_field or is_barcode_field(watched):
            self.release_held()
            self._log_key(event, "barcode field", watched)
            return False

        held = _HeldKey(watched, event.key(), event.modifiers(), event.text())
        step = self._detector.feed(held, _char_of(event), self._timestamp(event))
        self._log_key(event, step.fate.value, watched, len(step.release))
        self._replay(step.release)
        if step.fate is KeyFate.HOLD:
            self._timer.start()
            return True
        if step.fate is KeyFate.SWALLOW:
            self._timer.stop()
            if step.scan is not None:
                self._log_run()
                self.scanned.emit(step.scan)
            return True
        if not self._detector.holding:
            self._timer.stop()
        if _char_of(event) == "\r":
            self._log_run()
        return False

    def _is_propagated(self, watched: QWidget, event: QKeyEvent) -> bool:
        # A key the focus widget ignores (Enter in a line edit) travels on to its parents and
        # passes through here again: it must be judged, and logged, only once.
        last = self._last_key
        self._last_key = (watched, event.timestamp(), event.key(), event.text())
        if last is None or not event.timestamp() or not shiboken6.isValid(last[0]):
            return False
        if last[1:] != (event.timestamp(), event.key(), event.text()):
            return False
        if watched is not last[0] and watched.isAncestorOf(last[0]):
            self._last_key = last  # keep the original target for further parents
            return True
        return False

    def _claim_enter_of_scan(self, event: QKeyEvent) -> bool:
        # Qt asks the focus widget before firing a shortcut; claiming the Enter that ends a
        # scan keeps a window shortcut on Enter from firing on it. Typing is not affected.
        if event.key() in _ENTER_KEYS and self._detector.would_end_scan(self._timestamp(event)):
            event.accept()
            return True
        return False

    def _log_key(self, event: QKeyEvent, fate: str, target: QObject, released: int = 0) -> None:
        if self._timing_log is None:
            return
        entry = {
            "t": event.timestamp(),
            "fate": fate,
            "enter": event.key() in _ENTER_KEYS,
            "target": type(target).__name__,
            "released": released,
        }
        self._timing_log.write(json.dumps(entry) + "\n")

    def _log_release(self, count: int) -> None:
        if self._timing_log is not None and count:
            self._timing_log.write(json.dumps({"released": count}) + "\n")

    def _log_run(self) -> None:
        report = self._detector.last_report
        if self._timing_log is None:
            return
        if report is None:
            entry: dict[str, object] = {"run": "typing", "reason": "let through before its end"}
            self._timing_log.write(json.dumps(entry) + "\n")
            return
        entry = {
            "run": report.verdict.value,
            "reason": report.reason,
            "length": report.length,
            "median_ms": round(report.median_gap * 1000, 1),
            "longest_ms": round(report.longest_gap * 1000, 1),
        }
        self._timing_log.write(json.dumps(entry) + "\n")

    def _timestamp(self, event: QKeyEvent) -> float:
        stamp = event.timestamp() if self._use_event_timestamps else 0
        return stamp / 1000.0 if stamp else self._clock()

    def _replay(self, keys: tuple[_HeldKey, ...]) -> None:
        if not keys:
            return
        self._replaying = True
        try:
            for held in keys:
                target: QWidget | None = held.target
                if target is None or not shiboken6.isValid(target):
                    target = QApplication.focusWidget()
                if target is None:
                    continue
                replay = QKeyEvent(QEvent.Type.KeyPress, held.key, held.modifiers, held.text)
                QCoreApplication.sendEvent(target, replay)
        finally:
            self._replaying = False

    @Slot()
    def _on_timer_timeout(self) -> None:
        keys = self._detector.flush()
        self._log_release(len(keys))
        self._replay(keys)

    @Slot(QWidget, QWidget)
    def _on_app_focus_changed(self, _old: QWidget | None, _new: QWidget | None) -> None:
        # A click elsewhere ends any burst; held keys still belong to the old widget.
        self.release_held()


def _open_timing_log() -> IO[str] | None:
    path = os.environ.get("ILLDESK_KEY_TIMING_LOG")
    if not path:
        return None
    # Line-buffered: a test reads the file while the application runs.
    return open(path, "a", encoding="utf-8", buffering=1)


def _char_of(event: QKeyEvent) -> str:
    """The character the detector should see: "" for keys that are not plain text."""
    if event.isAutoRepeat() or event.modifiers() & _SHORTCUT_MODIFIERS:
        return ""
    if event.key() in _ENTER_KEYS:
        return "\r"
    if event.key() == Qt.Key.Key_Tab:
        return "\t"
    return event.text()
