// Build step (claimlab/lite.py runs it under Node): start the pinned Pyodide with the site's wheels, import what
// every exercise needs (lite/claimlab-python.mjs) and write a memory snapshot of that Python. The page restores
// it instead of booting Python and importing (most of a first start). Pyodide refuses a snapshot made by another
// build of its runtime, and refuses to make one once a JavaScript object has reached Python.
//   node make-snapshot.mjs PYODIDE_MJS STATIC_DIR OUT_FILE [MODULES_FILE]
// MODULES_FILE (JSON): the claimlab modules the snapshot holds, as paths inside site-packages, listed after the
// snapshot is taken (so listing them cannot change it); claimlab/lite.py keeps the snapshot while they are unchanged.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PRELOAD, install, unzip } from "./claimlab-python.mjs";

const [pyodideModule, staticDir, out, modulesOut] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(pyodideModule).href);
const py = await loadPyodide({ indexURL: `${path.resolve(staticDir)}/`, _makeSnapshot: true });
const lock = JSON.parse(fs.readFileSync(path.join(staticDir, "pyodide-lock.json"), "utf8"));
install(py, await Promise.all(Object.values(lock.packages).map((entry) => (
  unzip(new Uint8Array(fs.readFileSync(path.join(staticDir, entry.file_name))))))));
py.runPython(PRELOAD);
// Node's Emscripten names this script as the program; the browser does not: keep the build's paths out.
py.runPython("import os\nos.environ.pop('_', None)");
fs.writeFileSync(out, py.makeMemorySnapshot());
if (modulesOut) {
  fs.writeFileSync(modulesOut, py.runPython(`
import json, sys
json.dumps(sorted(m.__spec__.origin.split("/site-packages/", 1)[1] for name, m in list(sys.modules.items())
                  if name.partition(".")[0] == "claimlab" and getattr(m, "__spec__", None) is not None
                  and (m.__spec__.origin or "").endswith(".py")))`));
}
