"""Headless Chromium driven over the DevTools protocol on a pipe (no driver, no network).

Chromium started with ``--remote-debugging-pipe`` reads protocol commands from
file descriptor 3 and writes replies and events to descriptor 4, each message
JSON followed by a NUL byte.  That is enough to open a page at a given width,
run a script in it and take screenshots, with nothing but the standard library.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)


def find_chromium() -> str | None:
    """The Chromium on PATH (Debian's package installs ``chromium``), or None."""
    for candidate in ("chromium", "chromium-browser"):
        found = shutil.which(candidate)
        if found:
            return found
    return None


class BrowserError(RuntimeError):
    """Chromium did not answer, or answered with an error."""


class Browser:
    """One headless Chromium with one page, closed on exit."""

    def __init__(self, executable: str, timeout: float = 30.0) -> None:
        self.timeout = timeout
        self.profile = tempfile.TemporaryDirectory(prefix="rectilaw-chromium-")
        to_child, self._commands = os.pipe()
        self._replies, from_child = os.pipe()

        def wire_pipes() -> None:
            # Out of the way first, so that neither end is overwritten by the other.
            reads, writes = (fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_child, from_child))
            os.dup2(reads, 3)
            os.dup2(writes, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire_pipes, pass_fds=(3, 4),
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self.session = self._attach()

    # ------------------------------------------------------------ protocol
    def _send(self, method: str, params: dict[str, Any] | None = None,
              session: str | None = None) -> int:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._replies], [], [], left)[0]:
                raise BrowserError("Chromium did not answer in time")
            chunk = os.read(self._replies, 1 << 16)
            if not chunk:
                raise BrowserError("Chromium closed the protocol pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> dict[str, Any]:
        """Send a command and wait for its result, keeping the events that arrive meanwhile."""
        wanted = self._send(method, params, session)
        deadline = time.monotonic() + self.timeout
        while True:
            message = self._read(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if "method" in message:
                self._events.append(message)

    def wait_for(self, event: str) -> dict[str, Any]:
        """The next event named ``event`` on the page."""
        deadline = time.monotonic() + self.timeout
        while True:
            for index, message in enumerate(self._events):
                if message["method"] == event:
                    return self._events.pop(index)
            message = self._read(deadline)
            if "method" in message:
                self._events.append(message)

    def _attach(self) -> str:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})
        session: str = attached["sessionId"]
        self.call("Page.enable", session=session)
        self.call("Runtime.enable", session=session)
        return session

    # ------------------------------------------------------------ page
    def open(self, url: str, width: int, height: int = 900) -> None:
        """Load ``url`` in a window ``width`` CSS pixels wide and wait until it has loaded."""
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                  self.session)
        self._events.clear()
        self.call("Page.navigate", {"url": url}, self.session)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, script: str) -> Any:
        """The value of a JavaScript expression (promises awaited)."""
        reply = self.call("Runtime.evaluate", {"expression": script, "returnByValue": True,
                                               "awaitPromise": True}, self.session)
        if "exceptionDetails" in reply:
            raise BrowserError(f"script failed: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def script_errors(self) -> list[str]:
        """The uncaught exceptions the page's scripts threw since it was opened."""
        return [str(e["params"]["exceptionDetails"].get("exception", {}).get("description")
                    or e["params"]["exceptionDetails"].get("text"))
                for e in self._events if e["method"] == "Runtime.exceptionThrown"]

    def screenshot(self, path: Path, top: float = 0) -> Path:
        """A PNG of the window, scrolled so that it shows the page from ``top`` (CSS pixels)."""
        self.evaluate(f"window.scrollTo(0, {float(top)})")
        data = self.call("Page.captureScreenshot", {"format": "png"}, self.session)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    # ------------------------------------------------------------ lifetime
    def close(self) -> None:
        try:
            self._send("Browser.close")
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self._commands)
            os.close(self._replies)
            self.profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
