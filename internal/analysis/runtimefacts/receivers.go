package runtimefacts

import (
	"strings"
)

// Behaviour is what a JavaScript API does with one of its arguments.
type Behaviour string

const (
	// ReadsProperties: the argument is a WebIDL dictionary (a JSG_STRUCT
	// in workerd): JS reads named properties of it during the call.
	ReadsProperties Behaviour = "reads-properties"
	// SerialisesJSON: the argument is turned into JSON text.
	SerialisesJSON Behaviour = "json"
	// StructuredClones: the argument goes through the V8 serializer
	// (RPC, Durable Object storage, structuredClone).
	StructuredClones Behaviour = "structured-clone"
	// IteratesPairs: the argument is a record or a sequence of pairs
	// (Headers, URLSearchParams): a Map works, a dict's keys do not.
	IteratesPairs Behaviour = "iterates-pairs"
	// RequiresPrimitives: only strings, numbers, buffers or null.
	RequiresPrimitives Behaviour = "requires-primitives"
	// Keeps: JS stores the argument and uses it after the call returns.
	Keeps Behaviour = "keeps"
	// Unknown: nothing is known; the FFI rules stay silent.
	Unknown Behaviour = "unknown"
)

// Op is the truth-table operation that models a behaviour; "" when the
// oracle cannot exercise it in Node.
func (b Behaviour) Op() string {
	switch b {
	case ReadsProperties:
		return "property read"
	case SerialisesJSON:
		return "JSON.stringify"
	case StructuredClones:
		return "structuredClone"
	case IteratesPairs:
		return "new Headers(x)"
	case Keeps:
		return "kept after return"
	}
	return ""
}

// Source is where a receiver's behaviour was read.
type Source struct {
	Repo   string // "cloudflare/workerd"
	Commit string
	Path   string
	Line   int
}

// URL links the cited line.
func (s Source) URL() string {
	if s.Repo == "" {
		return ""
	}
	return "https://github.com/" + s.Repo + "/blob/" + s.Commit + "/" + s.Path + "#L" + itoa(s.Line)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// WorkerdCommit is the cloudflare/workerd commit the receiver rows were
// read from.
const WorkerdCommit = "6552d999c79ef651b5463c6d692d065a8ce6f859"

func workerd(path string, line int) Source {
	return Source{Repo: "cloudflare/workerd", Commit: WorkerdCommit, Path: path, Line: line}
}

// Receiver is one JS API argument and what the API does with it.
type Receiver struct {
	// API names the call as a Worker writes it: "js.fetch",
	// "js.Response.new", or "<binding kind>.<method>" for a raw binding
	// ("kv_namespaces.put"; "durable_objects.stub.*" for any RPC method
	// of a Durable Object stub).
	API string
	// Arg is the positional argument (0-based); -1 for every argument.
	Arg       int
	Behaviour Behaviour
	// Op overrides Behaviour.Op() with the oracle operation that
	// exercises this very API ("new Response(body, x)").
	Op   string
	What string // the argument, for messages: "the init dict"
	Why  string // what the source shows
	Src  Source
}

// Operation is the truth-table operation to look up for this receiver.
func (r Receiver) Operation() string {
	if r.Op != "" {
		return r.Op
	}
	return r.Behaviour.Op()
}

// Receivers is the receiver model, one row per API argument.
var Receivers = []Receiver{
	{API: "js.fetch", Arg: 1, Behaviour: ReadsProperties, Op: "new Request(url, x)", What: "the init dict",
		Why: "fetch(input, init) builds a Request; RequestInitializerDict is a JSG_STRUCT whose fields (method, headers, body, redirect, …) are read as properties", Src: workerd("src/workerd/api/http.h", 575)},
	{API: "js.Request.new", Arg: 1, Behaviour: ReadsProperties, Op: "new Request(url, x)", What: "the init dict",
		Why: "RequestInitializerDict is a JSG_STRUCT read property by property", Src: workerd("src/workerd/api/http.h", 575)},
	{API: "js.Response.new", Arg: 1, Behaviour: ReadsProperties, Op: "new Response(body, x)", What: "the init dict",
		Why: "Response::InitializerDict (status, statusText, headers, cf, …) is a JSG_STRUCT read property by property", Src: workerd("src/workerd/api/http.h", 999)},
	{API: "js.Response.json", Arg: 0, Behaviour: SerialisesJSON, What: "the body",
		Why: "Response.json(data, init) serialises data with JSON.stringify", Src: workerd("src/workerd/api/http.h", 1053)},
	{API: "js.Response.json", Arg: 1, Behaviour: ReadsProperties, Op: "new Response(body, x)", What: "the init dict",
		Why: "the init is the same InitializerDict as new Response()", Src: workerd("src/workerd/api/http.h", 999)},
	{API: "js.Headers.new", Arg: 0, Behaviour: IteratesPairs, Op: "new Headers(x)", What: "the headers",
		Why: "Headers::Initializer is OneOf<Headers, Sequence<Sequence<String>>, Dict<String, String>>: an iterable is read as pairs (a dict proxy iterates its keys, which are not pairs)", Src: workerd("src/workerd/api/headers.h", 66)},
	{API: "js.URLSearchParams.new", Arg: 0, Behaviour: IteratesPairs, Op: "new URLSearchParams(x)", What: "the parameters",
		Why: "URLSearchParams::Initializer is OneOf<Sequence<Sequence<USVString>>, Dict<USVString, USVString>, USVString>", Src: workerd("src/workerd/api/url-standard.h", 40)},
	{API: "js.JSON.stringify", Arg: 0, Behaviour: SerialisesJSON, What: "the value",
		Why: "JSON.stringify (ECMA-262) reads own enumerable properties; exercised by the oracle"},
	{API: "js.structuredClone", Arg: 0, Behaviour: StructuredClones, What: "the value",
		Why: "structuredClone runs the V8 serializer", Src: workerd("src/workerd/api/global-scope.h", 786)},
	{API: "js.crypto.subtle.*", Arg: 0, Behaviour: ReadsProperties, What: "the algorithm dict",
		Why: "SubtleCrypto algorithm parameters (EncryptAlgorithm, SignAlgorithm, …) are JSG_STRUCTs read property by property", Src: workerd("src/workerd/api/crypto/crypto.h", 355)},
	{API: "*.addEventListener", Arg: 1, Behaviour: Keeps, What: "the listener",
		Why: "EventTarget::addEventListener stores the handler (jsg::Identified<Handler>) and calls it later", Src: workerd("src/workerd/api/basics.h", 378)},
	{API: "ctx.waitUntil", Arg: 0, Behaviour: Keeps, What: "the promise",
		Why: "ExecutionContext::waitUntil keeps the promise alive past the response", Src: workerd("src/workerd/api/global-scope.h", 324)},
	{API: "js.caches.*.match", Arg: 1, Behaviour: ReadsProperties, What: "the options",
		Why: "CacheQueryOptions is a JSG_STRUCT", Src: workerd("src/workerd/api/cache.h", 44)},
	{API: "js.caches.*.put", Arg: -1, Behaviour: RequiresPrimitives, What: "the request or response",
		Why: "Cache::put takes a Request or URL string and a Response object", Src: workerd("src/workerd/api/cache.h", 49)},
	{API: "js.HTMLRewriter.*.on", Arg: 1, Behaviour: Keeps, What: "the handlers",
		Why: "ElementContentHandlers' callbacks are kept and called while the response streams, after on() returned", Src: workerd("src/workerd/api/html-rewriter.h", 56)},

	{API: "kv_namespaces.get", Arg: 1, Behaviour: ReadsProperties, What: "the options",
		Why: "KvNamespace::GetOptions is a JSG_STRUCT (type, cacheTtl)", Src: workerd("src/workerd/api/kv.h", 50)},
	{API: "kv_namespaces.list", Arg: 0, Behaviour: ReadsProperties, What: "the options",
		Why: "KvNamespace::ListOptions is a JSG_STRUCT (limit, prefix, cursor)", Src: workerd("src/workerd/api/kv.h", 116)},
	{API: "kv_namespaces.put", Arg: 1, Behaviour: RequiresPrimitives, What: "the value",
		Why: "put() stores a string, ArrayBuffer or ReadableStream", Src: workerd("src/workerd/api/kv.h", 146)},
	{API: "kv_namespaces.put", Arg: 2, Behaviour: ReadsProperties, What: "the options",
		Why: "KvNamespace::PutOptions is a JSG_STRUCT (expiration, expirationTtl, metadata); metadata itself is serialised with toJson", Src: workerd("src/workerd/api/kv.h", 129)},
	{API: "r2_buckets.get", Arg: 1, Behaviour: ReadsProperties, What: "the options",
		Why: "R2Bucket::GetOptions is a JSG_STRUCT", Src: workerd("src/workerd/api/r2-bucket.h", 109)},
	{API: "r2_buckets.put", Arg: 2, Behaviour: ReadsProperties, What: "the options",
		Why: "R2Bucket::PutOptions is a JSG_STRUCT (httpMetadata, customMetadata, …)", Src: workerd("src/workerd/api/r2-bucket.h", 210)},
	{API: "r2_buckets.list", Arg: 0, Behaviour: ReadsProperties, What: "the options",
		Why: "R2Bucket::ListOptions is a JSG_STRUCT", Src: workerd("src/workerd/api/r2-bucket.h", 452)},
	{API: "d1_databases.bind", Arg: -1, Behaviour: RequiresPrimitives, What: "the parameter",
		Why: "D1PreparedStatement.bind accepts number, string, boolean, null, byte arrays and ArrayBuffer views; anything else (undefined included) throws D1_TYPE_ERROR", Src: workerd("src/cloudflare/internal/d1-api.ts", 636)},
	{API: "queues.send", Arg: 0, Behaviour: SerialisesJSON, What: "the message body",
		Why: "with queues_json_messages (default since 2024-03-18, before every Python Workers runtime) send() serialises the body with toJson", Src: workerd("src/workerd/api/queue.c++", 263)},
	{API: "queues.send", Arg: 1, Behaviour: ReadsProperties, What: "the options",
		Why: "SendOptions is a JSG_STRUCT (contentType, delaySeconds)", Src: workerd("src/workerd/api/queue.c++", 250)},
	{API: "ai.run", Arg: 1, Behaviour: SerialisesJSON, What: "the inputs",
		Why: "Ai.run sends JSON.stringify({inputs, options})", Src: workerd("src/cloudflare/internal/ai-api.ts", 171)},
	{API: "vectorize.query", Arg: 1, Behaviour: SerialisesJSON, What: "the options",
		Why: "the query is sent as JSON.stringify({vector, ...options})", Src: workerd("src/cloudflare/internal/vectorize-api.ts", 96)},
	{API: "vectorize.insert", Arg: 0, Behaviour: SerialisesJSON, What: "the vectors",
		Why: "vectors are sent as JSON.stringify({vectors})", Src: workerd("src/cloudflare/internal/vectorize-api.ts", 136)},
	{API: "vectorize.upsert", Arg: 0, Behaviour: SerialisesJSON, What: "the vectors",
		Why: "vectors are sent as JSON.stringify({vectors})", Src: workerd("src/cloudflare/internal/vectorize-api.ts", 171)},
	{API: "workflows.create", Arg: 0, Behaviour: StructuredClones, What: "the options",
		Why: "Workflow.create passes the options to the workflow fetcher over RPC, which serialises with the V8 serializer (worker-rpc.c++ serializeJsValue)", Src: workerd("src/cloudflare/internal/workflows-api.ts", 106)},
	{API: "durable_objects.stub.*", Arg: -1, Behaviour: StructuredClones, What: "the RPC argument",
		Why: "RPC arguments are serialised with jsg::Serializer (structured clone)", Src: workerd("src/workerd/api/worker-rpc.c++", 175)},
	{API: "durable_objects.stub.fetch", Arg: 0, Behaviour: RequiresPrimitives, What: "the URL or Request",
		Why: "a stub's fetch(input, init) takes a URL string or a Request", Src: workerd("src/workerd/api/http.h", 575)},
	{API: "durable_objects.stub.fetch", Arg: 1, Behaviour: ReadsProperties, Op: "new Request(url, x)", What: "the init dict",
		Why: "a stub's fetch(input, init) builds a Request", Src: workerd("src/workerd/api/http.h", 575)},
	{API: "services.*", Arg: -1, Behaviour: StructuredClones, What: "the RPC argument",
		Why: "RPC arguments are serialised with jsg::Serializer (structured clone)", Src: workerd("src/workerd/api/worker-rpc.c++", 175)},
	{API: "services.fetch", Arg: 0, Behaviour: RequiresPrimitives, What: "the URL or Request",
		Why: "a service binding's fetch(input, init) takes a URL string or a Request", Src: workerd("src/workerd/api/http.h", 575)},
	{API: "services.fetch", Arg: 1, Behaviour: ReadsProperties, Op: "new Request(url, x)", What: "the init dict",
		Why: "a service binding's fetch(input, init) builds a Request", Src: workerd("src/workerd/api/http.h", 575)},
	{API: "durable_object_storage.put", Arg: 1, Behaviour: StructuredClones, What: "the stored value",
		Why: "DurableObjectStorage.put serialises values with serializeV8Value", Src: workerd("src/workerd/api/actor-state.c++", 506)},
}

// FindJS returns the receiver row of argument arg of a call under the js
// module, given its qualified callee ("js.Response.new",
// "js.crypto.subtle.digest"). Patterns with * match one or more path
// segments.
func FindJS(callee string, arg int) (Receiver, bool) {
	for _, r := range Receivers {
		if !strings.HasPrefix(r.API, "js.") && !strings.HasPrefix(r.API, "*.") {
			continue
		}
		if (r.Arg == arg || r.Arg == -1) && matchAPI(r.API, callee) {
			return r, true
		}
	}
	return Receiver{}, false
}

// FindBinding returns the receiver row of argument arg of method on a
// raw binding of kind (a wrangler config key). stub is set when the
// method is called on a Durable Object stub (after .get(id)).
func FindBinding(kind, method string, stub bool, arg int) (Receiver, bool) {
	api := kind + "." + method
	if stub {
		api = kind + ".stub." + method
	}
	var wild *Receiver
	for i, r := range Receivers {
		if r.Arg != arg && r.Arg != -1 {
			continue
		}
		switch {
		case r.API == api:
			return r, true
		case wild == nil && matchAPI(r.API, api):
			wild = &Receivers[i]
		}
	}
	if wild != nil {
		return *wild, true
	}
	return Receiver{}, false
}

// matchAPI matches a dotted pattern where * stands for one or more
// segments.
func matchAPI(pattern, api string) bool {
	p := strings.Split(pattern, ".")
	a := strings.Split(api, ".")
	var match func(p, a []string) bool
	match = func(p, a []string) bool {
		switch {
		case len(p) == 0:
			return len(a) == 0
		case p[0] == "*":
			for i := 1; i <= len(a); i++ {
				if match(p[1:], a[i:]) {
					return true
				}
			}
			return false
		case len(a) == 0 || p[0] != a[0]:
			return false
		}
		return match(p[1:], a[1:])
	}
	return match(p, a)
}
