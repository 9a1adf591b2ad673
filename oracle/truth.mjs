// Runtime oracle: runs small Python snippets on each Pyodide release that
// Python Workers use and records what JavaScript observes. The result is
// the truth table embedded by internal/analysis/runtimefacts; the FFI rules,
// their messages, hover docs and docs/runtime-behaviour.md read it.
//
//   node truth.mjs --write FILE   regenerate the table
//   node truth.mjs --check FILE   regenerate in memory; exit 1 when FILE differs
//
// Workers' runtimes (workerd build/python_metadata.bzl): Pyodide 0.26.0a2
// (python_workers), 0.28.2 (python_workers_20250116, the default from
// 2025-09-29) and 314.0.4 (python_workers_20260610). npm has no 0.26.0a2;
// 0.26.0-alpha.4 stands in for it (0.26.0 final already converts dicts to
// a LiteralMap, which Workers' 0.26 does not).
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const RUNTIMES = [
  { id: "0.26", pkg: "pyodide-0.26", workers: "0.26.0a2" },
  { id: "0.28", pkg: "pyodide-0.28", workers: "0.28.2" },
  { id: "314", pkg: "pyodide-314", workers: "314.0.4" },
];

// The dict every dict cell hands to JavaScript. Its keys serve each
// receiver: status for Response, method for Request, x-a for Headers.
const DICT = `{"status": 404, "method": "POST", "x-a": "1"}`;
const DICT_JSON = `{"status":404,"method":"POST","x-a":"1"}`;

// Value kinds: what Python hands to a JS function.
export const VALUES = {
  "to_js(dict)": { python: `to_js(${DICT})`, about: "to_js on a dict without dict_converter" },
  "to_js(dict, dict_converter)": { python: `to_js(${DICT}, dict_converter=js.Object.fromEntries)`, about: "to_js on a dict with dict_converter=js.Object.fromEntries" },
  "dict": { python: DICT, about: "a Python dict passed as an argument, unconverted" },
  "kwargs": { python: null, about: "keyword arguments to a JS call (f(x, status=404))" },
  "to_js(nested dict)": { python: `to_js({"a": {"b": 1}})`, about: "to_js on a dict of dicts without dict_converter" },
  "to_js(nested dict, dict_converter)": { python: `to_js({"a": {"b": 1}}, dict_converter=js.Object.fromEntries)`, about: "to_js on a dict of dicts with dict_converter" },
  "nested dict": { python: `{"a": {"b": 1}}`, about: "a dict of dicts passed unconverted" },
  "dict with headers dict": { python: `{"method": "POST", "status": 404, "headers": {"x-a": "1"}}`, about: "a dict whose headers value is a dict, passed unconverted" },
  "to_js(dict with headers dict)": { python: `to_js({"method": "POST", "status": 404, "headers": {"x-a": "1"}})`, about: "to_js on a dict whose headers value is a dict, without dict_converter" },
  "to_js(dict with headers dict, dict_converter)": { python: `to_js({"method": "POST", "status": 404, "headers": {"x-a": "1"}}, dict_converter=js.Object.fromEntries)`, about: "the same with dict_converter" },
  "to_js(dict with None)": { python: `to_js({"parent": None}, dict_converter=js.Object.fromEntries)`, about: "a None value inside a converted dict" },
  "list": { python: `[1, 2]`, about: "a Python list passed unconverted" },
  "to_js(list)": { python: `to_js([1, 2])`, about: "to_js on a list" },
  "tuple": { python: `(1, 2)`, about: "a Python tuple passed unconverted" },
  "set": { python: `{1, 2}`, about: "a Python set passed unconverted" },
  "bytes": { python: `b"ab"`, about: "Python bytes passed unconverted" },
  "to_js(bytes)": { python: `to_js(b"ab")`, about: "to_js on bytes" },
  "None": { python: `None`, about: "Python None" },
  "to_js(None)": { python: `to_js(None)`, about: "to_js(None)" },
  "bool": { python: `True`, about: "a Python bool" },
  "int > 2**53": { python: `2**53 + 1`, about: "a Python int above Number.MAX_SAFE_INTEGER" },
  "int": { python: `7`, about: "a small Python int" },
};

// Operations: what the receiving JavaScript does with the value. `expect`
// is what JS sees when the value works for that operation.
const dictOps = {
  "tag": { expect: "Object", about: "what JS receives (Object.prototype.toString tag, or PyProxy)" },
  "property read": { expect: "404", about: "x.status", behaviour: "reads-properties" },
  "in": { expect: "true", about: "\"status\" in x", behaviour: "reads-properties" },
  "Object.entries": { expect: `[["status",404],["method","POST"],["x-a","1"]]`, about: "Object.entries(x)", behaviour: "reads-properties" },
  "JSON.stringify": { expect: DICT_JSON, about: "JSON.stringify(x)", behaviour: "json" },
  "structuredClone": { expect: "404", about: "structuredClone(x).status", behaviour: "structured-clone" },
  "new Response(body, x)": { expect: "404", about: "new Response(\"x\", x).status", behaviour: "reads-properties" },
  "new Request(url, x)": { expect: "POST", about: "new Request(url, x).method", behaviour: "reads-properties" },
  "new Headers(x)": { expect: "1", about: "new Headers(x).get(\"x-a\")", behaviour: "iterates-pairs" },
  "new URLSearchParams(x)": { expect: "POST", about: "new URLSearchParams(x).get(\"method\")", behaviour: "iterates-pairs" },
  "kept after return": { expect: "404", about: "JS stores x and reads x.status after the call returned", behaviour: "keeps" },
  "async read after await": { expect: "404", about: "an async JS function reads x.status after an await, while Python awaits it", behaviour: "keeps" },
};

// Cells: value × operation. Each is run on every runtime.
function cells() {
  const out = [];
  for (const v of ["to_js(dict)", "to_js(dict, dict_converter)", "dict"]) {
    for (const [op, o] of Object.entries(dictOps)) out.push({ value: v, op, expect: o.expect });
  }
  for (const op of ["tag", "property read", "JSON.stringify", "new Response(body, x)", "new Request(url, x)"]) {
    out.push({ value: "kwargs", op, expect: dictOps[op].expect });
  }
  const nestedRead = { expect: "1", about: "x.a.b" };
  for (const v of ["to_js(nested dict)", "to_js(nested dict, dict_converter)", "nested dict"]) {
    out.push({ value: v, op: "nested property read", expect: nestedRead.expect });
    out.push({ value: v, op: "JSON.stringify", expect: `{"a":{"b":1}}` });
    out.push({ value: v, op: "structuredClone", expect: "1" });
  }
  for (const v of ["dict with headers dict", "to_js(dict with headers dict)", "to_js(dict with headers dict, dict_converter)"]) {
    out.push({ value: v, op: "new Request(url, x) headers", expect: "1" });
    out.push({ value: v, op: "new Response(body, x) headers", expect: "1" });
  }
  out.push({ value: "to_js(dict with None)", op: "JSON.stringify", expect: `{"parent":null}` });
  out.push({ value: "to_js(dict with None)", op: "property is null", expect: "true" });
  for (const v of ["list", "to_js(list)", "tuple", "set"]) {
    out.push({ value: v, op: "tag", expect: v === "set" ? "Set" : "Array" });
    out.push({ value: v, op: "JSON.stringify", expect: v === "set" ? "{}" : "[1,2]" });
    out.push({ value: v, op: "structuredClone", expect: v === "set" ? "Set" : "Array" });
    out.push({ value: v, op: "kept after return", expect: v === "set" ? "Set" : "Array" });
  }
  for (const v of ["bytes", "to_js(bytes)"]) {
    out.push({ value: v, op: "tag", expect: "Uint8Array" });
    out.push({ value: v, op: "structuredClone", expect: "Uint8Array" });
  }
  for (const v of ["None", "to_js(None)"]) {
    out.push({ value: v, op: "tag", expect: "null" });
    out.push({ value: v, op: "JSON.stringify", expect: "null" });
  }
  out.push({ value: "bool", op: "tag", expect: "boolean" });
  out.push({ value: "int", op: "tag", expect: "number" });
  out.push({ value: "int > 2**53", op: "tag", expect: "number" });
  out.push({ value: "int > 2**53", op: "JSON.stringify", expect: "9007199254740993" });
  return out;
}

// Python-side cells: what Python observes of JS values and FFI helpers.
// `expect` is what a reader who assumes plain Python semantics expects.
export const PY_CELLS = [
  { id: "JS null to Python", python: `v = oracle.nullv()\nresult = f"{v is None}|{type(v).__name__}|{bool(v)}"`, expect: "True|NoneType|False", about: "a JS function returns null; Python tests `is None`" },
  { id: "JS undefined to Python", python: `v = oracle.undefv()\nresult = f"{v is None}|{type(v).__name__}"`, expect: "True|NoneType", about: "a JS function returns undefined" },
  { id: "JS null property to Python", python: `v = oracle.obj().c\nresult = f"{v is None}|{type(v).__name__}"`, expect: "True|NoneType", about: "reading a property that holds null" },
  { id: "to_py on JsProxy object", python: `result = repr(oracle.obj().to_py())`, expect: "{'a': 1, 'b': [1, 2], 'c': None}", about: "JsProxy.to_py() on {a: 1, b: [1, 2], c: null}" },
  { id: "to_py on JsProxy Map", python: `result = repr(oracle.map().to_py())`, expect: "{'k': 'v'}", about: "JsProxy.to_py() on new Map([[\"k\", \"v\"]])" },
  { id: "callable kept after return", python: `oracle.keepfn(lambda: "called")\nresult = oracle.callkept()`, expect: "called", about: "a Python function passed to JS without create_proxy, called after the call returned (an event listener)" },
  { id: "create_proxy kept after return", python: `p = create_proxy(lambda: "called")\noracle.keepfn(p)\nresult = oracle.callkept()`, expect: "called", about: "a create_proxy function kept by JS and called later" },
  { id: "create_proxy after destroy", python: `p = create_proxy(lambda: "called")\noracle.keepfn(p)\np.destroy()\nresult = oracle.callkept()`, expect: "called", about: "calling a create_proxy function after .destroy()" },
  { id: "create_once_callable called twice", python: `p = create_once_callable(lambda: "called")\noracle.keepfn(p)\noracle.callkept()\nresult = oracle.callkept()`, expect: "called", about: "a create_once_callable function called a second time" },
  { id: "jsnull importable", python: `try:\n    from pyodide.ffi import jsnull\n    result = "yes"\nexcept ImportError:\n    result = "ImportError"`, expect: "yes", about: "from pyodide.ffi import jsnull" },
  // Workers' 0.26.0a2 has no run_sync (pyodide tag 0.26.0a2,
  // src/py/pyodide/ffi/__init__.py); the 0.26.0-alpha.4 stand-in added it,
  // so PW207 does not read this cell for 0.26.
  { id: "run_sync importable", python: `try:\n    from pyodide.ffi import run_sync\n    result = "yes"\nexcept ImportError:\n    result = "ImportError"`, expect: "yes", about: "from pyodide.ffi import run_sync" },
  { id: "to_py importable", python: `try:\n    from pyodide.ffi import to_py\n    result = "yes"\nexcept ImportError:\n    result = "ImportError"`, expect: "yes", about: "from pyodide.ffi import to_py" },
  { id: "JSON.parse('null') to Python", python: `v = js.JSON.parse("null")\nresult = f"{v is None}|{type(v).__name__}"`, expect: "True|NoneType", about: "js.JSON.parse(\"null\")" },
];

function tag(x) {
  if (x === null) return "null";
  if (typeof x !== "object" && typeof x !== "function") return typeof x;
  if (isPyProxy(x)) return "PyProxy";
  if (x instanceof Map) return x.constructor === Map ? "Map" : x.constructor.name || "Map";
  return Object.prototype.toString.call(x).slice(8, -1);
}

let currentPyodide;
function isPyProxy(x) {
  const P = currentPyodide?.ffi?.PyProxy;
  try {
    return P ? x instanceof P : false;
  } catch {
    return false;
  }
}

// describe turns whatever an operation produced into a short, stable
// string (no engine-specific error text).
function describe(thunk) {
  try {
    const v = thunk();
    return typeof v === "string" ? v : String(v);
  } catch (e) {
    return thrown(e);
  }
}

function thrown(e) {
  const msg = String(e?.message ?? e);
  if (/destroyed/.test(msg)) return "throws:destroyed";
  if (e?.name === "DataCloneError") return "throws:DataCloneError";
  return "throws:" + (e?.name || "Error");
}

const ops = {
  "tag": (x) => tag(x),
  "property read": (x) => String(x.status),
  "in": (x) => String("status" in x),
  "Object.entries": (x) => JSON.stringify(Object.entries(x)),
  "JSON.stringify": (x) => String(JSON.stringify(x)),
  "structuredClone": (x) => {
    const c = structuredClone(x);
    if (c !== null && typeof c === "object" && "a" in c && c.a && typeof c.a === "object") return String(c.a.b);
    if (Array.isArray(c) || c instanceof Set || c instanceof Uint8Array) return tag(c);
    return String(c?.status);
  },
  "new Response(body, x)": (x) => String(new Response("x", x).status),
  "new Request(url, x)": (x) => new Request("https://example.com/", x).method,
  "new Headers(x)": (x) => String(new Headers(x).get("x-a")),
  "new URLSearchParams(x)": (x) => String(new URLSearchParams(x).get("method")),
  "nested property read": (x) => String(x.a?.b),
  "property is null": (x) => String(x.parent === null),
  "new Request(url, x) headers": (x) => String(new Request("https://example.com/", x).headers.get("x-a")),
  "new Response(body, x) headers": (x) => String(new Response("x", x).headers.get("x-a")),
};

// kept-value operations: what JS later does with a stored argument.
const keptRead = (x) => (Array.isArray(x) || x instanceof Set ? tag(x) : String(x.status));

function oracleModule() {
  let kept;
  let keptFn;
  return {
    run: (op, x) => describe(() => ops[op](x)),
    // kwargs: Pyodide passes keyword arguments as a trailing object.
    runkw: (op, ...args) => describe(() => ops[op](args[args.length - 1])),
    keep: (x) => {
      kept = x;
    },
    readkept: () => describe(() => keptRead(kept)),
    asyncread: async (x) => {
      await new Promise((r) => setTimeout(r, 1));
      return describe(() => String(x.status));
    },
    keepfn: (f) => {
      keptFn = f;
    },
    callkept: () => describe(() => keptFn()),
    nullv: () => null,
    undefv: () => undefined,
    obj: () => ({ a: 1, b: [1, 2], c: null }),
    map: () => new Map([["k", "v"]]),
  };
}

const PRELUDE = `import js, oracle
from pyodide.ffi import to_js, create_proxy, create_once_callable
`;

function valueSnippet(cell) {
  const v = VALUES[cell.value];
  if (cell.value === "kwargs") {
    return `result = oracle.runkw(${JSON.stringify(cell.op)}, "x", status=404, method="POST", **{"x-a": "1"})`;
  }
  switch (cell.op) {
    case "kept after return":
      return `oracle.keep(${v.python})\nresult = oracle.readkept()`;
    case "async read after await":
      return `result = await oracle.asyncread(${v.python})`;
  }
  return `result = oracle.run(${JSON.stringify(cell.op)}, ${v.python})`;
}

// verdict classifies an observation against what working code sees.
function verdict(observed, expect, value) {
  if (observed === expect) return "works";
  if (observed === "throws:DataCloneError") return "data-clone-error";
  if (observed === "throws:destroyed") return "proxy-destroyed";
  if (observed.startsWith("throws:")) return "throws";
  return "differs";
}

async function runOn(rt) {
  const { loadPyodide } = require(rt.pkg);
  const pyodide = await loadPyodide({ stdout: () => {}, stderr: () => {} });
  currentPyodide = pyodide;
  pyodide.registerJsModule("oracle", oracleModule());
  const version = pyodide.version;
  const run = async (code) => {
    const g = pyodide.globals.get("dict")();
    try {
      await pyodide.runPythonAsync(PRELUDE + code, { globals: g });
      return String(g.get("result"));
    } catch (e) {
      const last = String(e.message).trim().split("\n").pop();
      return "raises:" + last.split(":")[0];
    } finally {
      g.destroy();
    }
  };
  const values = [];
  for (const cell of cells()) {
    values.push({ ...cell, observed: await run(valueSnippet(cell)) });
  }
  const py = [];
  for (const cell of PY_CELLS) {
    py.push({ id: cell.id, observed: await run(cell.python) });
  }
  return { version, values, py };
}

// measure runs each Pyodide in its own Node process: two releases loaded
// into one process share Emscripten globals and fail to instantiate.
export async function measure() {
  const run = promisify(execFile);
  const outs = await Promise.all(
    RUNTIMES.map((rt) => run(process.execPath, [fileURLToPath(import.meta.url), "--runtime", rt.id], { encoding: "utf8", maxBuffer: 1 << 24 })),
  );
  const byRuntime = {};
  RUNTIMES.forEach((rt, i) => {
    byRuntime[rt.id] = JSON.parse(outs[i].stdout);
  });
  const table = {
    comment: "Generated by oracle/truth.mjs from npm pyodide in Node; do not edit. Regenerate: cd oracle && npm ci && npm run truth",
    runtimes: RUNTIMES.map((rt) => ({ id: rt.id, npm: byRuntime[rt.id].version, workers: rt.workers })),
    values: Object.fromEntries(Object.entries(VALUES).map(([k, v]) => [k, { python: v.python ?? "f(x, status=404, ...)", about: v.about }])),
    operations: Object.fromEntries(
      Object.entries({
        ...dictOps,
        "nested property read": { about: "x.a.b" },
        "property is null": { about: "x.parent === null" },
        "new Request(url, x) headers": { about: "new Request(url, x).headers.get(\"x-a\")", behaviour: "reads-properties" },
        "new Response(body, x) headers": { about: "new Response(\"x\", x).headers.get(\"x-a\")", behaviour: "reads-properties" },
      }).map(([k, o]) => [
        k,
        { about: o.about, behaviour: o.behaviour ?? "" },
      ]),
    ),
    cells: cells().map((cell, i) => ({
      value: cell.value,
      op: cell.op,
      expect: cell.expect,
      outcomes: Object.fromEntries(
        RUNTIMES.map((rt) => {
          const observed = byRuntime[rt.id].values[i].observed;
          return [rt.id, { observed, verdict: verdict(observed, cell.expect, cell.value) }];
        }),
      ),
    })),
    python: PY_CELLS.map((cell, i) => ({
      id: cell.id,
      python: cell.python,
      about: cell.about,
      expect: cell.expect,
      outcomes: Object.fromEntries(
        RUNTIMES.map((rt) => {
          const observed = byRuntime[rt.id].py[i].observed;
          return [rt.id, { observed, verdict: verdict(observed, cell.expect) }];
        }),
      ),
    })),
  };
  return JSON.stringify(table, null, 2) + "\n";
}

async function main() {
  const [mode, file] = process.argv.slice(2);
  if (mode === "--runtime") {
    const rt = RUNTIMES.find((r) => r.id === file);
    process.stdout.write(JSON.stringify(await runOn(rt)));
    return;
  }
  if (!["--write", "--check"].includes(mode) || !file) {
    console.error("usage: node truth.mjs --write|--check FILE");
    process.exit(2);
  }
  const text = await measure();
  if (mode === "--write") {
    writeFileSync(file, text);
    return;
  }
  const committed = readFileSync(file, "utf8");
  if (committed !== text) {
    const a = committed.split("\n");
    const b = text.split("\n");
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (a[i] !== b[i]) {
        console.error(`${file}:${i + 1}: committed ${JSON.stringify(a[i])}`);
        console.error(`${" ".repeat(file.length + String(i + 1).length + 2)}measured  ${JSON.stringify(b[i])}`);
        break;
      }
    }
    console.error("the pinned Pyodide releases behave differently from the committed truth table; regenerate with `cd oracle && npm run truth` and review every changed cell");
    process.exit(1);
  }
  console.log(`${file}: matches ${RUNTIMES.map((r) => "pyodide " + r.id).join(", ")}`);
}

await main();
