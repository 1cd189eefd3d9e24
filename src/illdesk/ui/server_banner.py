"""The banner in the status area that says the shared server cannot be reached.

A problem the window meets is told in a message box, except the server being away: a box
would stand over the scanning desk, which keeps scanning offline meanwhile (decision 0015),
and the window would open a new one at each recount. That problem goes to this banner
instead, which nobody has to put away: it goes by itself once the queues are counted again.
"""

from __future__ import annotations

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QLabel

# How the services word a server that does not answer (store.connection_words).
AWAY = "cannot be reached"


def server_away(message: str) -> bool:
    """Whether a problem's words say the shared server does not answer."""
    return AWAY in message


class ServerBanner(QLabel):
    """Red words in the status area while the server is away; gone when it answers."""

    def __init__(self, answered: SignalInstance) -> None:
        super().__init__("")
        self.setObjectName("server-banner")
        self.setAccessibleName("The shared server cannot be reached")
        self.setStyleSheet("color: #a01010; font-weight: bold;")
        self.setWordWrap(False)
        self.hide()
        answered.connect(self.clear_banner)

    def offer(self, message: str) -> bool:
        """Show the problem here if it is the server being away; False: not this kind."""
        if not server_away(message):
            return False
        self.setText("The server cannot be reached: scans are kept on this computer.")
        self.setToolTip(message)
        self.show()
        return True

    def clear_banner(self) -> None:
        self.setText("")
        self.setToolTip("")
        self.hide()
