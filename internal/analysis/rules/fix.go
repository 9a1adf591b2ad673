package rules

import "github.com/pyworkers/pyworkers-lsp/internal/analysis/diag"

// FixSafety says whether a fix may run unattended (ruff's applicability).
type FixSafety int

const (
	// NoFix: no automatic fix (suppression only).
	NoFix FixSafety = iota
	// SafeFix keeps the program's meaning apart from removing the problem;
	// it runs in fix-all and `check --fix`.
	SafeFix
	// UnsafeFix may change behaviour; offered as a code action and with
	// `check --fix --unsafe-fixes` only.
	UnsafeFix
	// DisplayOnly fixes are shown as code actions for a person to review
	// and apply one at a time; fix-all and `check --fix` never apply them.
	DisplayOnly
)

func (s FixSafety) String() string {
	switch s {
	case SafeFix:
		return "safe"
	case UnsafeFix:
		return "unsafe"
	case DisplayOnly:
		return "display-only"
	}
	return "none"
}

// Fix is one fix a rule declares.
type Fix struct {
	// Kind names the fixer in package quickfix that builds the edits; a
	// finding offers the fix with Kind.Data.
	Kind FixKind
	// Title says what the fix does, for the catalogue (`rules --format
	// json`); a code action's title names the concrete change.
	Title  string
	Safety FixSafety
}

// FixSafety summarises the rule's declared fixes for the catalogue: none
// without fixes, safe when every fix is safe, display-only when every fix
// is, else unsafe.
func (r *Rule) FixSafety() FixSafety {
	if len(r.Fixes) == 0 {
		return NoFix
	}
	s := r.Fixes[0].Safety
	for _, f := range r.Fixes[1:] {
		if f.Safety != s {
			return UnsafeFix
		}
	}
	return s
}

// FixOf returns the fix that finding d offers, as its rule declares it;
// false when d offers none, or offers a kind its rule does not declare
// (such a fix is never offered: the declaration is the one source of
// what a rule fixes and how safely).
func FixOf(d diag.Diagnostic) (Fix, bool) {
	name := d.Data["fix"]
	if name == "" {
		return Fix{}, false
	}
	r := ByCode(d.Code)
	if r == nil {
		return Fix{}, false
	}
	for _, f := range r.Fixes {
		if f.Kind.String() == name {
			return f, true
		}
	}
	return Fix{}, false
}

// FixKind names a fixer of package quickfix. Rules name their fixes with
// these constants (the compiler checks the name) and quickfix keys its
// fixer table by them; a test fails when a kind has no fixer. The string
// form travels in a finding's Data["fix"] (through LSP's Diagnostic.data
// and back), so it must stay stable.
type FixKind uint8

const (
	fixKindNone FixKind = iota
	// Suppressions (PW001).
	FixRemoveSuppression
	// Entrypoints and handlers (PW101–PW110).
	FixConvertToDefaultClass
	FixMoveToDefaultClass
	FixAddDefaultClass
	FixSignature
	FixSubscript
	FixAddDepends
	FixDependsToParams
	FixRenameModule
	FixRename
	// The FFI (PW2xx).
	FixRemoveImport
	FixToMethod
	FixAddDictConverter
	FixNoneToJsnull
	FixIsNoneOrJsnull
	FixAddToPy
	FixDropToPy
	FixWrapToJs
	// Bindings (PW4xx).
	FixRenameBinding
	FixRenameMethod
	// Wrangler configs (PW5xx).
	FixAddFlag
	FixReplaceFlag
	FixAddRemote
	FixRemoveRemote
	fixKindCount
)

// sharedFixData holds each kind's data without extra pairs (FixKind.Data).
var sharedFixData = func() (out [fixKindCount]map[string]string) {
	for k := range out {
		out[k] = map[string]string{"fix": FixKind(k).String()}
	}
	return out
}()

var fixKindNames = [fixKindCount]string{
	FixRemoveSuppression:     "remove-suppression",
	FixConvertToDefaultClass: "convert-to-default-class",
	FixMoveToDefaultClass:    "move-to-default-class",
	FixAddDefaultClass:       "add-default-class",
	FixSignature:             "signature",
	FixSubscript:             "subscript",
	FixAddDepends:            "add-depends",
	FixDependsToParams:       "depends-to-params",
	FixRenameModule:          "rename-module",
	FixRename:                "rename",
	FixRemoveImport:          "remove-import",
	FixToMethod:              "to-method",
	FixAddDictConverter:      "add-dict-converter",
	FixNoneToJsnull:          "none-to-jsnull",
	FixIsNoneOrJsnull:        "is-none-or-jsnull",
	FixAddToPy:               "add-to-py",
	FixDropToPy:              "drop-to-py",
	FixWrapToJs:              "wrap-to-js",
	FixRenameBinding:         "rename-binding",
	FixRenameMethod:          "rename-method",
	FixAddFlag:               "add-flag",
	FixReplaceFlag:           "replace-flag",
	FixAddRemote:             "add-remote",
	FixRemoveRemote:          "remove-remote",
}

// String is the kind's name in Data["fix"] ("" for the zero kind).
func (k FixKind) String() string {
	if k < fixKindCount {
		return fixKindNames[k]
	}
	return ""
}

// FixKinds lists every kind, in declaration order.
func FixKinds() []FixKind {
	out := make([]FixKind, 0, fixKindCount-1)
	for k := fixKindNone + 1; k < fixKindCount; k++ {
		out = append(out, k)
	}
	return out
}

// Data is a finding's data offering the fix of kind k, with extra
// key/value pairs the fixer reads ("to", "Default"). Without pairs it is
// one map per kind, shared by every such finding and never written: a
// small map costs some 300 bytes, and open modules hold tens of
// thousands of findings.
func (k FixKind) Data(kv ...string) map[string]string {
	if len(kv) == 0 && k < fixKindCount {
		return sharedFixData[k]
	}
	m := make(map[string]string, 1+len(kv)/2)
	m["fix"] = k.String()
	if len(kv)%2 != 0 {
		panic("rules: FixKind.Data takes key/value pairs")
	}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}
