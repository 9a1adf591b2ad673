package rules

import (
	"fmt"

	"github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/profile"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/semantic"
	"github.com/pyworkers/pyworkers-lsp/internal/analysis/syntax"
)

var pw108 = &Rule{
	Code:     "PW108",
	Name:     "workflow-step-dependencies",
	Summary:  "Workflow step dependencies written for the other `step.do` signature",
	Severity: diag.Error,
	Runtimes: "python_workflows_implicit_dependencies on (compatibility_date 2026-02-25 or newer) or off",
	Fixes: []Fix{
		{Kind: FixDependsToParams, Title: "Name the earlier steps as parameters instead of depends=", Safety: UnsafeFix},
		{Kind: FixAddDepends, Title: "Pass depends=[...] naming the earlier steps", Safety: UnsafeFix},
	},
	Unit: runPW108,
}

// workflowStep is one `@step.do(...)` decorated function of a run method.
type workflowStep struct {
	call syntax.Node // the step.do(...) call; zero for a bare @step.do
	def  syntax.Node // the decorated function
	name string      // the step's name; "" when not a literal
}

func runPW108(p *Pass) {
	if p.Kind != syntax.Member || p.Class == nil || p.Class.Entrypoint != semantic.WorkflowEntrypoint {
		return
	}
	run := p.Root
	if run.Type() == syntax.TypeDecoratedDefinition {
		run = run.Field(syntax.FieldDefinition)
	}
	if run.Type() != syntax.TypeFunctionDefinition || run.Field(syntax.FieldName).Text() != "run" {
		return
	}
	params := semantic.Params(run)
	if len(params) < 3 {
		return // PW104 reports the signature
	}
	stepParam := params[2]
	steps := collectSteps(p, run, stepParam)
	implicit := p.Profile.Has(profile.FlagWorkflowsImplicitDeps)
	why := flagState(p.Profile, profile.FlagWorkflowsImplicitDeps)
	for i, s := range steps {
		if implicit {
			checkImplicitStep(p, why, steps[:i], s)
		} else {
			checkExplicitStep(p, why, s)
		}
	}
}

// collectSteps lists the functions decorated with `@<step>.do(...)` in run,
// in source order, where <step> is run's own step parameter.
func collectSteps(p *Pass, run, stepParam syntax.Node) []workflowStep {
	var steps []workflowStep
	for _, dd := range p.Nodes(syntax.TypeDecoratedDefinition) {
		def := dd.Field(syntax.FieldDefinition)
		if def.Type() != syntax.TypeFunctionDefinition || !run.Contains(dd) {
			continue
		}
		for _, d := range dd.NamedChildren() {
			if d.Type() != syntax.TypeDecorator || len(d.NamedChildren()) == 0 {
				continue
			}
			expr := d.NamedChildren()[0]
			call := syntax.Node{}
			if expr.Type() == syntax.TypeCall {
				call, expr = expr, expr.Field(syntax.FieldFunction)
			}
			if expr.Type() != syntax.TypeAttribute || expr.Field(syntax.FieldAttribute).Text() != "do" {
				continue
			}
			obj := expr.Field(syntax.FieldObject)
			if obj.Type() != syntax.TypeIdentifier {
				continue
			}
			if b, where := p.Resolver.Lookup(obj); where != semantic.Local || b.Start != stepParam.Start() {
				continue
			}
			steps = append(steps, workflowStep{call: call, def: def, name: stepName(call, def)})
		}
	}
	return steps
}

// stepName is the name a step registers under: the literal name argument,
// else the function's name; "" when the name is computed.
func stepName(call, def syntax.Node) string {
	arg, ok := semantic.KeywordArg(call, "name")
	if args := semantic.PositionalArgs(call); !ok && len(args) > 0 {
		arg, ok = args[0], true
	}
	if !ok || arg.Type() == syntax.TypeNone {
		return def.Field(syntax.FieldName).Text()
	}
	return semantic.StringValue(arg)
}

func checkImplicitStep(p *Pass, why string, earlier []workflowStep, s workflowStep) {
	if !s.call.IsZero() {
		for _, a := range s.call.Field(syntax.FieldArguments).NamedChildren() {
			if a.Type() == syntax.TypeKeywordArgument && a.Field(syntax.FieldName).Text() == "depends" {
				p.Report(a, fmt.Sprintf("%s: step.do() takes no depends= and raises TypeError; name the earlier steps as parameters of %s instead", why, s.def.Field(syntax.FieldName).Text()),
					FixDependsToParams.Data())
			}
		}
		if args := semantic.PositionalArgs(s.call); len(args) > 1 {
			p.Report(args[1], fmt.Sprintf("%s: step.do() takes only the name positionally (a dependency list here raises TypeError); name the earlier steps as parameters instead", why), nil)
		}
	}
	known := map[string]bool{}
	for _, e := range earlier {
		if e.name == "" {
			return // a computed step name could be any parameter
		}
		known[e.name] = true
	}
	for _, prm := range semantic.Params(s.def) {
		name := semantic.ParamName(prm)
		if name == "ctx" || known[name] {
			continue
		}
		p.Report(prm, fmt.Sprintf("%s: parameter %s names no earlier step, so the step raises TypeError \"Received unexpected parameter %s\"", why, name, name),
			map[string]string{"param": name})
	}
}

func checkExplicitStep(p *Pass, why string, s workflowStep) {
	depends, ok := semantic.KeywordArg(s.call, "depends")
	if args := semantic.PositionalArgs(s.call); !ok && len(args) > 1 {
		depends = args[1]
	}
	var params []syntax.Node
	for _, prm := range semantic.Params(s.def) {
		if semantic.ParamName(prm) != "ctx" {
			params = append(params, prm)
		}
	}
	name := s.def.Field(syntax.FieldName).Text()
	switch {
	case (depends.IsZero() || depends.Type() == syntax.TypeNone) && len(params) > 0:
		p.Report(params[0], fmt.Sprintf("%s: step %s has %d parameter(s) but step.do() gets no depends= list, so it raises TypeError; pass depends=[...] with one earlier step per parameter", why, name, len(params)),
			FixAddDepends.Data())
	case depends.Is(syntax.TypeList, syntax.TypeTuple) && len(depends.NamedChildren()) != len(params):
		p.Report(depends, fmt.Sprintf("%s: depends lists %d step(s) but %s takes %d non-ctx parameter(s): the step raises TypeError", why, len(depends.NamedChildren()), name, len(params)), nil)
	}
}
