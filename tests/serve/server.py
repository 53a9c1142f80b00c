"""Starts `ssis serve` on a free port for the tests of tests/serve/ and talks to it; collects
the tests' failures."""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path


class Failures(list):
    """The failed checks of a test, printed as they fail."""

    def check(self, condition, what):
        if not condition:
            self.append(what)
            print("FAIL", what, flush=True)


def fresh_directory(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


class Server:
    def __init__(self, ssis: str, arguments: list, log: Path, token: str = ""):
        self.token = token
        self.log = log
        self.process = subprocess.Popen([ssis, "serve", *arguments, "--port", "0"], stdout=subprocess.DEVNULL,
                                        stderr=log.open("wb"))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            match = re.search(r"listening on http://([^/]+)/", log.read_text(errors="replace"))
            if match:
                self.address = match.group(1)
                self.port = int(self.address.rsplit(":", 1)[1])
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"ssis serve exited with {self.process.returncode}:\n{log.read_text()}")
            time.sleep(0.05)
        self.process.kill()
        raise RuntimeError("ssis serve did not start:\n" + log.read_text())

    def request(self, method: str, path: str, body=None, content_type="application/json", token=None, headers=None):
        """(status, headers, body bytes); a dict or list body is sent as JSON."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        sent = dict(headers or {})
        token = self.token if token is None else token
        if token:
            sent["Authorization"] = f"Bearer {token}"
        if body is not None:
            if not isinstance(body, (bytes, str)):
                body = json.dumps(body)
            sent["Content-Type"] = content_type
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def json(self, method: str, path: str, body=None, **kwargs):
        status, headers, data = self.request(method, path, body, **kwargs)
        return status, headers, json.loads(data)

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.process.poll() is None:
            os.kill(self.process.pid, sig)
        return self.process.wait(timeout=60)
