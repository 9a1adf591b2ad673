package rules

import (
	"sort"
	"strings"
	"unicode"
)

// bindingAPI describes what Python code can read on one kind of binding.
type bindingAPI struct {
	// Label names the kind in messages.
	Label string
	// Members are the methods and properties of the JS binding object
	// (from @cloudflare/workers-types).
	Members []string
	// Wrapped are extra members the workers-runtime-sdk wrapper adds.
	Wrapped []string
}

// bindingAPIs is keyed by the wrangler config key (the part before the
// first dot, so "queues.producers" is "queues"). Kinds missing here —
// services (any RPC method), vars and secrets (strings), Durable Object
// storage, unknown future kinds — are not checked.
var bindingAPIs = map[string]bindingAPI{
	"kv_namespaces": {Label: "KV namespace", Members: []string{"get", "getWithMetadata", "put", "list", "delete"}},
	"d1_databases":  {Label: "D1 database", Members: []string{"prepare", "batch", "exec", "dump", "withSession"}},
	"r2_buckets": {Label: "R2 bucket", Members: []string{"head", "get", "put", "createMultipartUpload", "resumeMultipartUpload",
		"delete", "list"}},
	"queues":                    {Label: "Queue producer", Members: []string{"send", "sendBatch"}},
	"durable_objects":           {Label: "Durable Object namespace", Members: []string{"idFromName", "idFromString", "newUniqueId", "get", "getByName", "jurisdiction"}},
	"workflows":                 {Label: "Workflow", Members: []string{"create", "createBatch", "get"}, Wrapped: []string{"create_batch"}},
	"ai":                        {Label: "Workers AI binding", Members: []string{"run", "models", "gateway", "autorag", "aiSearch", "toMarkdown", "aiGatewayLogId", "lastRequestId", "getLogs"}}, // the last two: public members of workerd's Ai class (src/cloudflare/internal/ai-api.ts)
	"vectorize":                 {Label: "Vectorize index", Members: []string{"query", "queryById", "insert", "upsert", "getByIds", "deleteByIds", "describe"}},
	"hyperdrive":                {Label: "Hyperdrive config", Members: []string{"connect", "connectionString", "host", "ip", "port", "user", "password", "database"}},
	"analytics_engine_datasets": {Label: "Analytics Engine dataset", Members: []string{"writeDataPoint"}},
	"ratelimits":                {Label: "rate limiter", Members: []string{"limit"}},
	"assets":                    {Label: "assets binding (Fetcher)", Members: []string{"fetch", "connect"}},
	"browser":                   {Label: "Browser Rendering binding (Fetcher)", Members: []string{"fetch", "connect"}},
	"mtls_certificates":         {Label: "mTLS certificate binding (Fetcher)", Members: []string{"fetch", "connect"}},
	"send_email":                {Label: "send_email binding", Members: []string{"send"}},
	"images":                    {Label: "Images binding", Members: []string{"input", "info", "get", "getImage", "upload", "update", "delete", "list"}},
	"secrets_store_secrets":     {Label: "Secrets Store secret", Members: []string{"get", "getMulti"}},
	"version_metadata":          {Label: "version metadata binding", Members: []string{"id", "tag", "timestamp"}},
	"dispatch_namespaces":       {Label: "dispatch namespace", Members: []string{"get"}},
	"pipelines":                 {Label: "Pipeline", Members: []string{"send"}},
}

// jsProxyMembers are attributes every JsProxy (and so every raw binding)
// has, plus what JS gives every object.
var jsProxyMembers = map[string]bool{
	"to_py": true, "new": true, "typeof": true, "js_id": true, "as_object_map": true, "object_entries": true,
	"object_keys": true, "object_values": true, "as_py_json": true, "to_weakref": true, "constructor": true,
	"toString": true, "valueOf": true,
}

// apiOf returns the API of a binding kind, if it is checked.
func apiOf(kind string) (bindingAPI, bool) {
	base, _, _ := strings.Cut(kind, ".")
	api, ok := bindingAPIs[base]
	return api, ok
}

// has reports whether the API offers member (with the SDK wrapper's
// additions when wrapped).
func (a bindingAPI) has(member string, wrapped bool) bool {
	for _, m := range a.Members {
		if m == member {
			return true
		}
	}
	if wrapped {
		for _, m := range a.Wrapped {
			if m == member {
				return true
			}
		}
	}
	return false
}

// kindsOffering lists the labels of other binding kinds that have member.
func kindsOffering(member string) []string {
	var out []string
	for _, api := range bindingAPIs {
		if api.has(member, false) {
			out = append(out, api.Label)
		}
	}
	sort.Strings(out)
	return out
}

// camelCase turns a snake_case name into camelCase ("get_with_metadata"
// → "getWithMetadata").
func camelCase(s string) string {
	parts := strings.Split(s, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			r := []rune(parts[i])
			r[0] = unicode.ToUpper(r[0])
			parts[i] = string(r)
		}
	}
	return strings.Join(parts, "")
}
