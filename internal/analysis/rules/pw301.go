package rules

import (
	"fmt"
	"strings"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw301 = &Rule{
	Code:     "PW301",
	Name:     "import-time-entropy",
	Summary:  "random numbers or entropy used at import time",
	Severity: diag.Error,
	Runtimes: "always",
	Unit:     runPW301,
}

// entropyCalls are functions outside random/secrets/numpy.random that draw entropy.
var entropyCalls = map[string]bool{
	"uuid.uuid1": true, "uuid.uuid4": true, "os.urandom": true, "os.getrandom": true,
}

func runPW301(p *Pass) {
	for _, call := range p.Nodes(syntax.TypeCall) {
		if !semantic.IsImportTime(call) || semantic.IsMainGuard(call) {
			continue
		}
		fn := call.Field(syntax.FieldFunction)
		q := p.Resolver.Resolve(fn)
		if q == "" {
			continue
		}
		mod, name := splitQualified(q)
		switch {
		case mod == "random" && name == "Random", mod == "numpy.random" && name == "default_rng":
			if seeded(call) {
				continue
			}
			p.Report(fn, fmt.Sprintf("%s() without a seed at import time draws entropy: the runtime raises \"Cannot get entropy outside of request context\"; pass a seed or create it inside a handler", q), map[string]string{"api": q})
		case mod == "random" && name == "SystemRandom":
			continue // constructing it draws nothing; its methods are per-call
		case mod == "random", mod == "numpy.random":
			p.Report(fn, fmt.Sprintf("%s() at import time raises \"Cannot use %s() outside of request context\" when the Worker is deployed; call it inside a handler", q, q), map[string]string{"api": q})
		case mod == "secrets" && name != "compare_digest", entropyCalls[q]:
			p.Report(fn, fmt.Sprintf("%s() at import time raises \"Cannot get entropy outside of request context\" when the Worker is deployed; call it inside a handler", q), map[string]string{"api": q})
		}
	}
}

// splitQualified splits "numpy.random.rand" into ("numpy.random", "rand").
func splitQualified(q string) (string, string) {
	i := strings.LastIndexByte(q, '.')
	if i < 0 {
		return "", q
	}
	return q[:i], q[i+1:]
}

// seeded reports whether a Random()/default_rng() call passes a seed that
// is not a literal None.
func seeded(call syntax.Node) bool {
	seed, ok := semantic.KeywordArg(call, "x")
	if !ok {
		seed, ok = semantic.KeywordArg(call, "seed")
	}
	if args := semantic.PositionalArgs(call); !ok && len(args) > 0 {
		seed, ok = args[0], true
	}
	return ok && seed.Type() != syntax.TypeNone
}
