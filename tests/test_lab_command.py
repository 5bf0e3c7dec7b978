"""The README's open command really starts JupyterLab serving notebook 00 (a real HTTP request)."""

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, token: str):
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        return resp.status, resp.read()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_serves_the_start_notebook(tmp_path):
    port, token = free_port(), "crmlab-test-token"
    args = (f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.port_retries=0 "
            f"--IdentityProvider.token={token} --LabApp.user_settings_dir={tmp_path}")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    proc = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _ = get(f"http://127.0.0.1:{port}/api/status", token)
                break
            except OSError:
                assert proc.poll() is None, "make lab exited before the server answered"
                assert time.monotonic() < deadline, "JupyterLab did not answer within 90 s"
                time.sleep(0.5)
        assert status == 200
        status, body = get(f"http://127.0.0.1:{port}/api/contents/notebooks/00_start_here.ipynb",
                           token)
        model = json.loads(body)
        assert status == 200 and model["type"] == "notebook"
        assert model["content"]["cells"][0]["source"].startswith("# 00 Start here")
        # The server's start page is notebook 00, inside the whole course folder.
        req = urllib.request.Request(f"http://127.0.0.1:{port}/?token={token}")
        with urllib.request.urlopen(req, timeout=5) as resp:
            assert resp.status == 200
            assert resp.url.split("?")[0].endswith("/lab/tree/notebooks/00_start_here.ipynb")
            assert b"JupyterLab" in resp.read()
        status, body = get(f"http://127.0.0.1:{port}/api/contents/exercises", token)
        assert status == 200 and json.loads(body)["type"] == "directory"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
