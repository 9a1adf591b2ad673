// Package docs holds the hover-to-learn documentation: what a symbol of
// the JavaScript/Python boundary does, how values convert, the usual
// mistake, a short example, and what differs on the Worker's own runtime.
//
// The content lives in content/*.md (embedded), one file per symbol
// family. Entries are keyed by fully resolved qualified name
// ("pyodide.ffi.to_js", "workers.Response.json", "js.Object"), by
// method for JsProxy and JsBuffer ("JsProxy.to_py", "JsBuffer.to_bytes"),
// and, in the files named bindings*.md, by wrangler binding kind
// ("kv_namespaces", "queues.producers"). Lookup and BindingKind return
// the entry specialised to a profile.Profile.
//
// # Content format
//
// An entry starts with a level-1 heading holding its key, then header
// lines up to the first blank line, then the markdown body:
//
//	# pyodide.ffi.jsnull
//	also: pyodide.ffi.JsNull
//	title: jsnull
//	signature: jsnull: JsNull
//	available: runtime: 0.28+
//	instead: build the value in JavaScript with `js.JSON.parse(...)`.
//
//	Body text, with at least one fenced example.
//
// Header fields, all optional: `title` (defaults to the key), `signature`
// (shown as a Python code block; without one the title is shown in
// bold), `also` (comma-separated extra keys for the same entry),
// `available` (a condition, below: where the symbol exists) with
// `instead` (required with `available`: what to use elsewhere). Where the
// condition fails, the rendering starts with "Not available on Pyodide
// 0.26.0a2 (compatibility_date 2025-06-01): <instead>". A key ending in
// ".*" is a wildcard ("js.*"); in its body {{name}} stands for the name
// looked up ("js.NAME" when the wildcard itself is).
//
// Lines starting with "# " outside code fences start a new entry, so
// bodies use bold text rather than headings.
//
// # Runtime-specific sections
//
// A section between whole-line markers is kept only for profiles the
// condition holds for; an optional else half is kept otherwise:
//
//	<!-- runtime: 0.26 -->
//	JS `null` arrives as `None`.
//	<!-- else -->
//	JS `null` arrives as `jsnull`.
//	<!-- end -->
//
// A condition is one or more terms joined by ";", all of which must hold:
//
//	runtime: 0.26, 314     the runtime line is one of these
//	runtime: 0.28+         this line or newer
//	sdk: wrapped | raw     env bindings converted by workers-runtime-sdk ≥ 1.3, or raw JS objects
//	sdk: external | builtin  `workers` is the vendored SDK, or the runtime's built-in module
//	flag: NAME | !NAME     a compatibility flag is (not) in effect
//
// Sections do not nest. Rendered without a profile (nil), every section
// is kept under an italic label saying where it applies, which is what
// `pyworkers-lsp explain` prints.
//
// Each rendering ends with a line naming the runtime it was specialised
// to. Plaintext gives a rendering for clients without markdown support.
package docs
