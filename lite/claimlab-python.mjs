// What starting Python means for the in-browser exercises, shared by the page (lite/claimlab-live.js) and the
// build (lite/make-snapshot.mjs, run by claimlab/lite.py under Node): the wheels' files go into site-packages,
// then PRELOAD imports what every exercise needs. The build does both once and ships a memory snapshot of that
// Python; the page restores it and only writes the wheels' files again (Emscripten's files live in JavaScript,
// outside the snapshot), or, if the snapshot cannot be used, does both itself.
//
// The wheels are unzipped here in JavaScript, not by Python's zipfile: the browser inflates them while Python
// is still restoring, and writing 175 files then takes milliseconds (zipfile spent 0.5-1 s of WebAssembly
// system calls on them, on the critical path).

/** Python code that imports ipywidgets (with the IPython stand-in) and every exercise's front end. */
export const PRELOAD = "from claimlab.inbrowser_runtime import preload\npreload()";

const END = 0x06054b50;  // a zip archive's end-of-central-directory record
const ENTRY = 0x02014b50;  // a central directory entry
const LOCAL = 0x04034b50;  // a local file header

async function inflate(data) {
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The files of a wheel (a zip archive; stored or deflated members, as wheels have): [{ path, bytes }]. */
export async function unzip(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== END) { end--; }
  if (end < 0) { throw new Error("not a zip archive"); }
  const names = new TextDecoder();
  const files = [];
  let at = view.getUint32(end + 16, true);
  for (let n = view.getUint16(end + 10, true); n > 0; n--) {
    if (view.getUint32(at, true) !== ENTRY) { throw new Error("damaged zip archive"); }
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const local = view.getUint32(at + 42, true);
    const path = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (path.endsWith("/")) { continue; }
    if (path.startsWith("/") || path.split("/").includes("..") || view.getUint32(local, true) !== LOCAL) {
      throw new Error(`unsafe or damaged zip member ${path}`);
    }
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + size);
    if (method !== 0 && method !== 8) { throw new Error(`zip member ${path}: unknown compression ${method}`); }
    files.push(Promise.resolve(method === 8 ? inflate(data) : data).then((content) => ({ path, bytes: content })));
  }
  return Promise.all(files);
}

/** Write unzipped wheels' files ([[{ path, bytes }]]) into site-packages. */
export function install(py, wheels) {
  const site = py.runPython("import site\nsite.getsitepackages()[0]");
  const made = new Set();
  for (const { path, bytes } of wheels.flat()) {
    const folder = `${site}/${path}`.replace(/\/[^/]*$/, "");
    if (!made.has(folder)) { py.FS.mkdirTree(folder); made.add(folder); }
    py.FS.writeFile(`${site}/${path}`, bytes);
  }
  py.runPython("import importlib\nimportlib.invalidate_caches()");
}
