"""`make lab LANG=zh` really starts JupyterLab at the Chinese start page (a real HTTP request);
`make lab` itself is checked in tests/test_lab_command.py."""

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
        return resp.status, resp.url, resp.read()


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_lang_zh_serves_the_chinese_start_notebook(tmp_path):
    port, token = free_port(), "crmlab-zh-test-token"
    args = (f"--no-browser --ip=127.0.0.1 --port={port} --ServerApp.port_retries=0 "
            f"--IdentityProvider.token={token} --LabApp.user_settings_dir={tmp_path}")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    proc = subprocess.Popen(["make", "-s", "lab", "LANG=zh", f"LAB_ARGS={args}"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                status, _, _ = get(f"http://127.0.0.1:{port}/api/status", token)
                break
            except OSError:
                assert proc.poll() is None, "make lab LANG=zh exited before the server answered"
                assert time.monotonic() < deadline, "JupyterLab did not answer within 90 s"
                time.sleep(0.5)
        assert status == 200
        status, _, body = get(
            f"http://127.0.0.1:{port}/api/contents/zh/notebooks/00_start_here.ipynb", token)
        first = json.loads(body)["content"]["cells"][0]["source"]
        assert status == 200 and first.startswith("# 00 从这里开始")
        status, url, page = get(f"http://127.0.0.1:{port}/?token={token}", token)
        assert status == 200 and url.split("?")[0].endswith(
            "/lab/tree/zh/notebooks/00_start_here.ipynb")
        assert b"JupyterLab" in page
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
