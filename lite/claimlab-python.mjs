// What starting Python means for the in-browser exercises, shared by the page (lite/claimlab-live.js) and the
// build (lite/make-snapshot.mjs, run by claimlab/lite.py under Node): the wheels' files go into site-packages,
// then PRELOAD imports what every exercise needs. The build does both once and ships a memory snapshot of that
// Python; the page restores it and only unpacks the wheels' files again (Emscripten's files live in JavaScript,
// outside the snapshot), or, if the snapshot cannot be used, does both itself.

/** Python code that imports ipywidgets (with the IPython stand-in) and every exercise's front end. */
export const PRELOAD = "from claimlab.inbrowser_runtime import preload\npreload()";

/** Write the wheels ([{ name, bytes }]) and extract them into site-packages. */
export function unpackWheels(py, wheels) {
  py.FS.mkdirTree("/claimlab-wheels");
  for (const { name, bytes } of wheels) {
    py.FS.writeFile(`/claimlab-wheels/${name}`, bytes);
  }
  py.runPython("import os, site, zipfile\nfor name in sorted(os.listdir('/claimlab-wheels')):\n" +
               "    zipfile.ZipFile('/claimlab-wheels/' + name).extractall(site.getsitepackages()[0])\n" +
               "import importlib\nimportlib.invalidate_caches()");
}
