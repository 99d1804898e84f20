// The lean in-browser page (lite/run.html, built by claimlab/lite.py): Pyodide runs the exercise notebook's code
// cells, and @jupyter-widgets/html-manager draws its ipywidgets. claimlab/inbrowser_runtime.py is the Python half of
// the bridge: Python widgets send their comm messages to fromPython(); the manager's changes and clicks go back
// through deliver(). When the exercise is drawn and accepts input, its root gets data-claimlab-live="ready".
// Every file comes from this site (relative URLs); nothing is requested anywhere else.
const here = new URL("./", import.meta.url);
const root = document.getElementById("claimlab-live-root");
const status = document.getElementById("claimlab-live-status");
const exercise = new URLSearchParams(location.search).get("exercise") || "";

function say(text) { status.textContent = text; }
// Phases for benchmarks/inbrowser_bench.py (performance.getEntriesByType("mark")).
function mark(name) { performance.mark(`claimlab:${name}`); }

// Python's start is the slow part: booting the interpreter in WebAssembly and the imports took 7 s of a 9 s
// first start on a quiet 2-core machine. So the build ships a memory snapshot of Python with ipywidgets and the
// exercises already imported (lite/make-snapshot.mjs; gzip, unpacked here by the browser), and the page restores
// it; only the wheels' files are written again. If the snapshot cannot be fetched or restored, Python starts the
// ordinary way. Everything starts at once: the snapshot, the wheels and Pyodide's files download together.
const SNAPSHOT = root.dataset.snapshot ? new URL(root.dataset.snapshot, here) : null;

async function sha256(bytes) {
  return Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)),
                    (b) => b.toString(16).padStart(2, "0")).join("");
}

async function wheels(unzip) {
  // The wheels' files, each wheel checked against the lock file's sha256 like Pyodide's own loader does.
  const lock = await (await fetch(new URL("static/pyodide/pyodide-lock.json", here))).json();
  return Promise.all(root.dataset.packages.split(" ").map(async (name) => {
    const entry = lock.packages[name];
    const bytes = new Uint8Array(await (await fetch(new URL(`static/pyodide/${entry.file_name}`, here))).arrayBuffer());
    if (await sha256(bytes) !== entry.sha256) { throw new Error(`${entry.file_name} does not match the lock file`); }
    return unzip(bytes);
  }));
}

async function snapshot() {
  const response = await fetch(SNAPSHOT);
  if (!response.ok) { throw new Error(`no Python snapshot (${response.status})`); }
  const raw = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(raw).arrayBuffer());
}

async function startPython() {
  const saved = SNAPSHOT ? snapshot() : null;
  saved?.catch(() => {});  // a failure is handled where it is awaited (the ordinary start)
  const { PRELOAD, install, unzip } = await import(new URL("claimlab-python.mjs", here).href);
  const files = wheels(unzip);
  const { loadPyodide } = await import(new URL("static/pyodide/pyodide.mjs", here).href);
  const indexURL = new URL("static/pyodide/", here).href;
  if (saved) {
    try {
      const py = await loadPyodide({ indexURL, _loadSnapshot: saved });
      mark("restored");
      install(py, await files);
      mark("from-snapshot");
      return py;
    } catch (error) {
      console.warn("claimlab: the Python snapshot did not load; starting afresh", error);
    }
  }
  const py = await loadPyodide({ indexURL });
  mark("booted");
  install(py, await files);
  py.runPython(PRELOAD);
  mark("imported");
  return py;
}

function script(path) {
  return new Promise((resolve, reject) => {
    const element = document.createElement("script");
    element.src = new URL(path, here).href;
    element.onload = resolve;
    element.onerror = () => reject(new Error(`${path} did not load`));
    document.head.appendChild(element);
  });
}

async function widgetManager() {
  // Loaded here, after Python's start has begun, not by the page's head: the 3.6 MB bundle's parsing would
  // otherwise run before this module and hold Python's start back (run.html preloads both files).
  await script("static/widgets/require.js");
  await script("static/widgets/libembed-amd.js");
  const names = ["base", "base7", "controls", "controls7", "html-manager", "html-manager/dist/libembed-amd"];
  const paths = {};
  // The bundle defines these modules itself; mapping them to its own file lets its fonts resolve beside it.
  names.forEach((name) => { paths["@jupyter-widgets/" + name] = "libembed-amd"; });
  window.requirejs.config({ baseUrl: new URL("static/widgets/", here).href, paths });
  return new Promise((resolve, reject) => window.requirejs(["@jupyter-widgets/html-manager"], resolve, reject));
}

function pageComm(commId, targetName, deliver) {
  let onMsg = null;
  let onClose = null;
  const queue = [];  // messages that arrive before the model has subscribed
  let sent = 0;
  // The manager counts a message as pending until the kernel reports "idle"; Python handled it already, but
  // the manager increments its counter only after send() returns, so the report comes a moment later.
  const idle = (callbacks) => Promise.resolve().then(() => {
    const report = callbacks && callbacks.iopub && callbacks.iopub.status;
    if (report) { report({ content: { execution_state: "idle" }, header: { msg_type: "status" }, parent_header: {} }); }
  });
  return {
    comm_id: commId,
    target_name: targetName,
    on_msg(callback) { onMsg = callback; while (queue.length) { callback(queue.shift()); } },
    on_close(callback) { onClose = callback; },
    open() { return ""; },
    send(data, callbacks, metadata, buffers) {
      const msgId = `${commId}-${++sent}`;
      deliver(commId, JSON.stringify(data), buffers || [], msgId);
      idle(callbacks);
      return msgId;
    },
    close(data, callbacks) { idle(callbacks); return ""; },
    receive(msg) { if (onMsg) { onMsg(msg); } else { queue.push(msg); } },
    closed(msg) { if (onClose) { onClose(msg); } },
  };
}

function markLive() {
  root.querySelectorAll(".claimlab-exercise:not([data-claimlab-live])").forEach((el) => {
    el.setAttribute("data-claimlab-live", "ready");
  });
}

async function main() {
  if (!/^[a-z0-9-]{1,60}$/.test(exercise)) { say("No exercise named in the address."); return; }
  const cells = fetch(new URL(`cells/${exercise}.json`, here)).then((r) => {
    if (!r.ok) { throw new Error(`no exercise called ${exercise}`); }
    return r.json();
  });
  const [py, htmlManager] = await Promise.all([
    startPython().then((p) => { mark("python"); return p; }),
    widgetManager().then((m) => { mark("widget-manager"); return m; })]);
  class PageManager extends htmlManager.HTMLManager {
    _create_comm() { return Promise.reject(new Error("widgets are created by Python in this page")); }
    _get_comm_info() { return Promise.resolve({}); }
  }
  const manager = new PageManager();
  const runtime = py.pyimport("claimlab.inbrowser_runtime");
  const toPython = runtime.deliver;
  let parent = "";  // the page message Python is handling: its echo replies name it, as a kernel's would
  const deliver = (commId, text, buffers, msgId) => {
    parent = msgId;
    try { toPython(commId, text, buffers); } finally { parent = ""; }
  };
  const comms = new Map();
  const shown = [];
  const fromPython = (msgType, commId, text, buffers) => {
    const payload = JSON.parse(text);
    const msg = { content: { comm_id: commId, data: payload.data, target_name: payload.target_name },
                  metadata: payload.metadata, buffers: Array.from(buffers || [], (b) => new DataView(b.buffer)),
                  parent_header: { msg_id: parent }, header: { msg_type: msgType } };
    if (msgType === "comm_open") {
      const comm = pageComm(commId, payload.target_name, deliver);
      comms.set(commId, comm);
      manager.handle_comm_open(comm, msg).catch((error) => console.error("claimlab: widget", error));
    } else if (msgType === "comm_msg") {
      const comm = comms.get(commId);
      if (comm) { comm.receive(msg); }
    } else if (msgType === "comm_close") {
      const comm = comms.get(commId);
      comms.delete(commId);
      if (comm) { comm.closed(msg); }
    }
  };
  const show = (text) => {
    const bundle = JSON.parse(text);
    const place = document.createElement("div");
    root.appendChild(place);
    const view = bundle["application/vnd.jupyter.widget-view+json"];
    if (view) {
      shown.push(manager.get_model(view.model_id).then((model) => manager.create_view(model))
        .then((v) => manager.display_view(v, place)));
    } else {
      const pre = document.createElement("pre");
      pre.textContent = bundle["text/plain"] || "";
      place.appendChild(pre);
    }
  };
  runtime.install(fromPython, show);
  for (const [n, code] of (await cells).entries()) {
    py.globals.set("_claimlab_cell", code);
    await py.runPythonAsync("from claimlab.inbrowser_runtime import run_cell\nawait run_cell(_claimlab_cell)");
    if (n === 0) { mark("prelude"); }  // the answers' storage mounted and read
  }
  mark("cells");
  await Promise.all(shown);
  mark("drawn");
  status.hidden = true;
  markLive();
  new MutationObserver(markLive).observe(root, { childList: true, subtree: true });
}

main().catch((error) => {
  console.error(error);
  say(`The exercise could not start here: ${error && error.message ? error.message : error}. ` +
      "The exercise page explains other ways to run it.");
});
