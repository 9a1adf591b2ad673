package config

// RemoteSupport says how a binding kind runs under `wrangler dev`
// (wrangler's binding-local-support table).
type RemoteSupport int

const (
	// LocalOnly kinds are simulated locally; `remote: true` is a wrangler
	// error.
	LocalOnly RemoteSupport = iota
	// LocalAndRemote kinds are simulated locally; `remote: true` proxies
	// them to the real resource.
	LocalAndRemote
	// RemoteRequired kinds have no local simulator: they need
	// `remote: true`, and `remote: false` is an error.
	RemoteRequired
	// AlwaysRemote kinds will never have a simulator: they are routed to
	// Cloudflare automatically (usage is billed); `remote: false` is an
	// error.
	AlwaysRemote
)

func (r RemoteSupport) String() string {
	switch r {
	case LocalAndRemote:
		return "local and remote"
	case RemoteRequired:
		return "remote only (needs remote: true)"
	case AlwaysRemote:
		return "always remote"
	}
	return "local only"
}

// BindingKind describes one binding key of the wrangler config.
type BindingKind struct {
	// Key is the config key, with a dot for nested lists:
	// "kv_namespaces", "queues.producers", "durable_objects.bindings".
	Key string
	// NameKey is the entry's key that names the env attribute
	// ("binding" or "name"); empty for maps such as vars, whose keys are
	// the names.
	NameKey string
	// Type is wrangler's binding type ("kv_namespace", "d1", …).
	Type   string
	Remote RemoteSupport
	// Doc is a short description for hovers.
	Doc string
}

// bindingKinds lists the env bindings a wrangler config can declare,
// checked against wrangler's config types (workers-utils environment.ts)
// and binding-local-support.ts. Entries given as a table or as a list of
// tables are both accepted.
var bindingKinds = []BindingKind{
	{Key: "vars", Type: "plain_text", Remote: LocalOnly, Doc: "environment variable (string or JSON value)"},
	{Key: "kv_namespaces", NameKey: "binding", Type: "kv_namespace", Remote: LocalAndRemote, Doc: "Workers KV namespace"},
	{Key: "d1_databases", NameKey: "binding", Type: "d1", Remote: LocalAndRemote, Doc: "D1 database"},
	{Key: "r2_buckets", NameKey: "binding", Type: "r2_bucket", Remote: LocalAndRemote, Doc: "R2 bucket"},
	{Key: "queues.producers", NameKey: "binding", Type: "queue", Remote: LocalAndRemote, Doc: "Queue producer"},
	{Key: "durable_objects.bindings", NameKey: "name", Type: "durable_object_namespace", Remote: LocalOnly, Doc: "Durable Object namespace"},
	{Key: "workflows", NameKey: "binding", Type: "workflow", Remote: LocalAndRemote, Doc: "Workflow"},
	{Key: "services", NameKey: "binding", Type: "service", Remote: LocalAndRemote, Doc: "service binding to another Worker"},
	{Key: "ai", NameKey: "binding", Type: "ai", Remote: AlwaysRemote, Doc: "Workers AI"},
	{Key: "vectorize", NameKey: "binding", Type: "vectorize", Remote: RemoteRequired, Doc: "Vectorize index"},
	{Key: "hyperdrive", NameKey: "binding", Type: "hyperdrive", Remote: LocalOnly, Doc: "Hyperdrive configuration"},
	{Key: "analytics_engine_datasets", NameKey: "binding", Type: "analytics_engine", Remote: LocalOnly, Doc: "Analytics Engine dataset"},
	{Key: "browser", NameKey: "binding", Type: "browser", Remote: LocalAndRemote, Doc: "Browser Rendering"},
	{Key: "images", NameKey: "binding", Type: "images", Remote: LocalAndRemote, Doc: "Images"},
	{Key: "media", NameKey: "binding", Type: "media", Remote: AlwaysRemote, Doc: "Media Transformations"},
	{Key: "stream", NameKey: "binding", Type: "stream", Remote: LocalAndRemote, Doc: "Stream"},
	{Key: "send_email", NameKey: "name", Type: "send_email", Remote: LocalAndRemote, Doc: "Email sending"},
	{Key: "ratelimits", NameKey: "name", Type: "ratelimit", Remote: LocalOnly, Doc: "rate limiter"},
	{Key: "unsafe.bindings", NameKey: "name", Type: "unsafe", Remote: LocalOnly, Doc: "unsafe binding"},
	{Key: "version_metadata", NameKey: "binding", Type: "version_metadata", Remote: LocalOnly, Doc: "Worker version metadata"},
	{Key: "assets", NameKey: "binding", Type: "assets", Remote: LocalOnly, Doc: "static assets"},
	{Key: "dispatch_namespaces", NameKey: "binding", Type: "dispatch_namespace", Remote: RemoteRequired, Doc: "Workers for Platforms dispatch namespace"},
	{Key: "mtls_certificates", NameKey: "binding", Type: "mtls_certificate", Remote: RemoteRequired, Doc: "mTLS certificate"},
	{Key: "secrets_store_secrets", NameKey: "binding", Type: "secrets_store_secret", Remote: LocalOnly, Doc: "Secrets Store secret"},
	{Key: "worker_loaders", NameKey: "binding", Type: "worker_loader", Remote: LocalOnly, Doc: "dynamic Worker loader"},
	{Key: "pipelines", NameKey: "binding", Type: "pipeline", Remote: LocalAndRemote, Doc: "Pipeline"},
	{Key: "ai_search", NameKey: "binding", Type: "ai_search", Remote: AlwaysRemote, Doc: "AI Search instance"},
	{Key: "ai_search_namespaces", NameKey: "binding", Type: "ai_search_namespace", Remote: AlwaysRemote, Doc: "AI Search namespace"},
	{Key: "vpc_services", NameKey: "binding", Type: "vpc_service", Remote: AlwaysRemote, Doc: "VPC service"},
	{Key: "vpc_networks", NameKey: "binding", Type: "vpc_network", Remote: AlwaysRemote, Doc: "VPC network"},
	{Key: "logfwdr.bindings", NameKey: "name", Type: "logfwdr", Remote: LocalOnly, Doc: "log forwarding"},
	{Key: "unsafe_hello_world", NameKey: "binding", Type: "unsafe_hello_world", Remote: LocalOnly, Doc: "example binding"},
	{Key: "text_blobs", Type: "text_blob", Remote: LocalOnly, Doc: "text blob (service-worker syntax)"},
	{Key: "data_blobs", Type: "data_blob", Remote: LocalOnly, Doc: "data blob (service-worker syntax)"},
	{Key: "wasm_modules", Type: "wasm_module", Remote: LocalOnly, Doc: "WebAssembly module (service-worker syntax)"},
}

// BindingKinds returns the binding keys of a wrangler config.
func BindingKinds() []BindingKind { return append([]BindingKind(nil), bindingKinds...) }

// LookupBindingKind finds a binding kind by its config key.
func LookupBindingKind(key string) (BindingKind, bool) {
	for _, k := range bindingKinds {
		if k.Key == key {
			return k, true
		}
	}
	return BindingKind{}, false
}

// Binding is one env binding declared in a wrangler config.
type Binding struct {
	Name string // the env attribute: env.NAME
	Kind string // BindingKind.Key
	// Remote is the `remote` value, nil when absent.
	Remote *bool
	// ClassName is the Durable Object or Workflow class, if any.
	ClassName string
	// ScriptName is the Worker defining the class or service, if another.
	ScriptName string
	// NameSpan is the name's value ("KV" in `binding = "KV"`, or the key
	// of a vars entry).
	NameSpan Span
	// Decl is the whole declaration: the table, inline table or object.
	Decl Span
	// DeclValue is the declaration's table (nil for map entries such as
	// vars), for edits that add keys.
	DeclValue *Value
	// RemoteEntry is the `remote = …` entry and RemoteSpan its value;
	// zero when absent.
	RemoteEntry Span
	RemoteSpan  Span
}

// readBindings collects the bindings of one environment's table.
func readBindings(env *Value) []Binding {
	var out []Binding
	for _, k := range bindingKinds {
		v := env.Get(splitKey(k.Key)...)
		if v == nil {
			continue
		}
		if k.NameKey == "" {
			for _, f := range v.Fields {
				out = append(out, Binding{Name: f.Key, Kind: k.Key, NameSpan: f.KeySpan, Decl: f.Span})
			}
			continue
		}
		entries := []*Value{v}
		if v.Kind == Array {
			entries = v.Items
		}
		for _, e := range entries {
			if b, ok := readBinding(k, e); ok {
				out = append(out, b)
			}
		}
	}
	return out
}

func readBinding(k BindingKind, e *Value) (Binding, bool) {
	nf := e.Field(k.NameKey)
	if nf == nil {
		return Binding{}, false
	}
	name, ok := nf.Value.Str()
	if !ok || name == "" {
		return Binding{}, false
	}
	b := Binding{Name: name, Kind: k.Key, NameSpan: nf.Value.Span, Decl: e.Span, DeclValue: e}
	if rf := e.Field("remote"); rf != nil {
		if r, ok := rf.Value.Boolean(); ok {
			b.Remote = &r
		}
		b.RemoteEntry, b.RemoteSpan = rf.Span, rf.Value.Span
	}
	b.ClassName, _ = e.Get("class_name").Str()
	b.ScriptName, _ = e.Get("script_name").Str()
	return b, true
}

func splitKey(key string) []string {
	for i := 0; i < len(key); i++ {
		if key[i] == '.' {
			return []string{key[:i], key[i+1:]}
		}
	}
	return []string{key}
}
