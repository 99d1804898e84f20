"""A class on a real JupyterHub: two students do an exercise, each finds only their own answers.

The hub runs on 127.0.0.1 with the recipe in hub/jupyterhub_config.py, the test-only dummy authenticator
and the simple local spawner. Users, servers and tokens are made through the hub's REST API with a
service token; each student's code runs in a kernel of their own server, through the Jupyter Server API,
exactly where an exercise notebook's code would run.
"""
from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HUB = BIN / "jupyterhub"
PROXY = ROOT / "hub" / "node_modules" / ".bin" / "configurable-http-proxy"

if not HUB.exists() or not PROXY.exists():
    pytest.skip(f"JupyterHub ({HUB}) or configurable-http-proxy ({PROXY}) is not installed: run ./dev setup",
                allow_module_level=True)

STUDENTS = ("ann", "ben")
SAVE = """
import json, os
from claimlab.exercises.widgets import default_session
store = default_session().store
store.put("sort-claims", {"items": {"c1": {"kind": "fact", "note": "written by %(name)s"}}})
print(json.dumps({"user": os.environ["JUPYTERHUB_USER"], "student": store.student, "path": str(store.path.resolve()),
                  "files": sorted(f for f in os.listdir(store.directory) if not f.startswith("."))}))
"""
#: A student tries to reach a classmate's answers from their own kernel, the way a notebook would.
PEEK = """
import json
from claimlab.exercises.store import AnswerStore, answers_dir
other = AnswerStore(answers_dir(), "x", "%(other)s")
print(json.dumps({"other_answers": other.answers(), "files": sorted(p.name for p in answers_dir().iterdir())}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(url: str, token: str, method: str = "GET", body: object | None = None) -> tuple[int, object]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers={"Authorization": f"token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as err:
        return err.code, None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _status_without_redirect(url: str, token: str) -> int:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers={"Authorization": f"token {token}"}), timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    """A running hub with two students whose servers are up; yields (url, homes, {user: token})."""
    work = tmp_path_factory.mktemp("hub")
    homes = work / "homes"
    port, hub_port, api_port = _free_port(), _free_port(), _free_port()
    service_token = secrets.token_hex(32)
    root_flag = ' + ["--allow-root"]' if os.geteuid() == 0 else ""
    (work / "test_config.py").write_text(f"""
load_subconfig({str(ROOT / 'hub' / 'jupyterhub_config.py')!r})
c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / '{username}')!r}
c.Spawner.cmd = [{str(BIN / 'jupyterhub-singleuser')!r}]
c.Spawner.args = c.Spawner.args{root_flag}
c.Spawner.environment["PYTHONPATH"] = {str(ROOT)!r}
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
c.JupyterHub.tornado_settings = {{"slow_spawn_timeout": 0}}  # answer "starting" at once: both servers start together
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{str(PROXY)!r}]
c.ConfigurableHTTPProxy.pid_file = {str(work / 'proxy.pid')!r}
c.JupyterHub.db_url = "sqlite:///{work / 'hub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(work / 'cookie_secret')!r}
c.JupyterHub.services = [{{"name": "class-admin", "api_token": {service_token!r}}}]
c.JupyterHub.load_roles = [{{"name": "class-admin", "services": ["class-admin"],
                             "scopes": ["admin:users", "admin:servers", "tokens"]}}]
""", encoding="utf-8")
    env = {**os.environ, "CLAIMLAB_HUB_HOME": str(homes / "{username}"), "PATH": f"{BIN}:{os.environ['PATH']}"}
    log = (work / "hub.log").open("w")
    proc = subprocess.Popen([str(HUB), "-f", str(work / "test_config.py")], cwd=work, env=env,
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(lambda: _api(f"{url}/hub/api/", service_token)[0] == 200, 60, "the hub did not answer", work)
        status, _ = _api(f"{url}/hub/api/users", service_token, "POST", {"usernames": list(STUDENTS)})
        assert status == 201
        tokens = {}
        for user in STUDENTS:
            status, _ = _api(f"{url}/hub/api/users/{user}/server", service_token, "POST", {})
            assert status in (201, 202), status
            status, made = _api(f"{url}/hub/api/users/{user}/tokens", service_token, "POST", {"note": "test"})
            assert status == 201, status
            tokens[user] = made["token"]
        for user in STUDENTS:
            _wait(lambda: (_api(f"{url}/hub/api/users/{user}", service_token)[1] or {})
                  .get("servers", {}).get("", {}).get("ready"), 60, f"{user}'s server did not start", work)
        yield url, homes, tokens
    finally:
        proc.send_signal(signal.SIGTERM)  # the hub stops the students' servers and its proxy (each in its own session)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        log.close()


def _wait(ready, seconds: float, what: str, work: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"{what} within {seconds} s; hub log:\n{(work / 'hub.log').read_text()[-4000:]}")


async def _execute(url: str, user: str, token: str, code: str) -> str:
    """Start a kernel in ``user``'s server, run ``code`` there, return its stdout."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    base = f"{url}/user/{user}/api/kernels"
    status, kernel = _api(base, token, "POST", {"name": "python3"})
    assert status == 201, status
    ws = await websocket_connect(HTTPRequest(f"{base.replace('http', 'ws', 1)}/{kernel['id']}/channels",
                                             headers={"Authorization": f"token {token}"}))
    msg_id = uuid.uuid4().hex
    ws.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": user, "session": uuid.uuid4().hex, "msg_type": "execute_request",
                   "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                    "allow_stdin": False, "stop_on_error": True},
    }))
    out, errors, idle = [], [], False
    while not idle:
        message = json.loads(await asyncio.wait_for(ws.read_message(), timeout=90))
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        kind = message["header"]["msg_type"]
        if kind == "stream":
            out.append(message["content"]["text"])
        elif kind == "error":
            errors.append("\n".join(message["content"]["traceback"]))
        idle = kind == "status" and message["content"]["execution_state"] == "idle"
    ws.close()
    _api(f"{base}/{kernel['id']}", token, "DELETE")
    assert not errors, errors
    return "".join(out)


def _in_own_loop(coroutine):
    """``asyncio.run`` in a thread of its own: in the full suite, Playwright's session keeps a loop running here."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _run(url: str, user: str, token: str, code: str) -> dict:
    return json.loads(_in_own_loop(_execute(url, user, token, code)).strip().splitlines()[-1])


def _run_together(url: str, tokens: dict[str, str], code: str) -> dict[str, dict]:
    """Run ``code`` (formatted with each student's name) in every student's kernel at the same time, as in class."""
    async def both():
        return await asyncio.gather(*(_execute(url, user, tokens[user], code % {"name": user}) for user in STUDENTS))
    return {user: json.loads(out.strip().splitlines()[-1]) for user, out in zip(STUDENTS, _in_own_loop(both()))}


def test_each_student_saves_to_their_own_file_in_their_own_folder(hub):
    url, homes, tokens = hub
    for user, seen in _run_together(url, tokens, SAVE).items():
        answers = homes / user / "claimlab-answers"
        assert seen == {"user": user, "student": user, "path": str((answers / f"answers-{user}.json").resolve()),
                        "files": [f"answers-{user}.json"]}
    for user in STUDENTS:
        answers = homes / user / "claimlab-answers"
        # only this student's file (hidden helpers such as a lock file are the store's business)
        assert sorted(p.name for p in answers.iterdir() if not p.name.startswith(".")) == [f"answers-{user}.json"]
        assert not [p.name for p in answers.iterdir() if any(o in p.name for o in STUDENTS if o != user)]
        saved = json.loads((answers / f"answers-{user}.json").read_text(encoding="utf-8"))
        assert saved["student"] == user
        assert saved["answers"]["sort-claims"]["items"]["c1"]["note"] == f"written by {user}"
        assert oct((answers).stat().st_mode & 0o777) == "0o700"


def test_a_student_cannot_reach_a_classmates_answers(hub):
    url, homes, tokens = hub
    if not (homes / "ben" / "claimlab-answers" / "answers-ben.json").exists():
        _run(url, "ben", tokens["ben"], SAVE % {"name": "ben"})
    # Typing a classmate's name in one's own kernel opens an empty file in one's own folder.
    peek = _run(url, "ann", tokens["ann"], PEEK % {"other": "ben"})
    assert peek["other_answers"] == {}
    assert "answers-ben.json" not in peek["files"]
    # Ann's token opens nothing on Ben's server: not his files, not his kernels.
    for path in ("api/contents/claimlab-answers/answers-ben.json", "api/contents", "api/kernels", "tree"):
        assert _status_without_redirect(f"{url}/user/ben/{path}", tokens["ann"]) in (302, 403, 404)
    assert _api(f"{url}/user/ben/api/contents/claimlab-answers/answers-ben.json", tokens["ben"])[0] == 200
    # Her own server's file API stays inside her folder.
    status, listing = _api(f"{url}/user/ann/api/contents/claimlab-answers", tokens["ann"])
    assert status == 200
    assert [item["name"] for item in listing["content"]] == ["answers-ann.json"]  # hidden files are not listed
    for path in ("../ben/claimlab-answers/answers-ben.json", "..%2Fben%2Fclaimlab-answers%2Fanswers-ben.json"):
        assert _api(f"{url}/user/ann/api/contents/{path}", tokens["ann"])[0] in (400, 403, 404)
    # And the hub refuses her a token for Ben.
    assert _api(f"{url}/hub/api/users/ben/tokens", tokens["ann"], "POST", {})[0] in (403, 404)


def test_the_recipe_installs_the_proxy_from_a_lock_file_and_pulls_with_nbgitpuller():
    lock = json.loads((ROOT / "hub" / "package-lock.json").read_text(encoding="utf-8"))
    pinned = lock["packages"]["node_modules/configurable-http-proxy"]["version"]
    assert json.loads((ROOT / "hub" / "package.json").read_text())["dependencies"]["configurable-http-proxy"] == pinned
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "jupyterhub==6.1.1" in requirements and any(r.startswith("nbgitpuller==") for r in requirements)
    assert shutil.which("node") is not None
