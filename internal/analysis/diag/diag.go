// Package diag defines the findings every analyzer produces: byte ranges,
// severities and the data a fix needs. It knows nothing of LSP.
package diag

import (
	"fmt"
	"sort"
	"strings"
)

// Severity is how serious a finding is. The values match LSP's.
type Severity int

const (
	Error       Severity = 1
	Warning     Severity = 2
	Information Severity = 3
	Hint        Severity = 4
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Information:
		return "info"
	case Hint:
		return "hint"
	}
	return fmt.Sprintf("severity(%d)", int(s))
}

// ParseSeverity reads "error", "warning", "info"/"information" or "hint".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info", "information":
		return Information, nil
	case "hint":
		return Hint, nil
	}
	return 0, fmt.Errorf("unknown severity %q (want error, warning, info or hint)", s)
}

// Tag marks how an editor may render a finding. The values match LSP's.
type Tag int

const (
	Unnecessary Tag = 1
	Deprecated  Tag = 2
)

// Diagnostic is one finding in one file. Start and End are byte offsets.
// Data holds what a fix needs beyond the range (never offsets: cached
// findings move with their unit, and a fix re-reads the syntax at the
// range).
type Diagnostic struct {
	Code     string
	Severity Severity
	Start    int
	End      int
	Message  string
	Tags     []Tag
	Data     map[string]string
	// Related points to other places in the same file that explain the
	// finding: where a None or a dict came from.
	Related []Related
}

// Related is a place that explains a finding (LSP relatedInformation):
// "title may be None: data.get(\"title\")". Start and End are byte
// offsets in the finding's file.
type Related struct {
	Start   int
	End     int
	Message string
	// Anchor, when set, names a place in another analysis unit (which
	// moves independently of the finding's own), such as a return of a
	// module-level function; Start and End are then unset and Resolve
	// fills them from the current module.
	Anchor string
}

// Shift returns d moved by delta bytes. Related places anchored to
// another unit do not move with it.
func (d Diagnostic) Shift(delta int) Diagnostic {
	d.Start += delta
	d.End += delta
	if len(d.Related) > 0 {
		rel := make([]Related, len(d.Related))
		for i, r := range d.Related {
			if r.Anchor == "" {
				r.Start += delta
				r.End += delta
			}
			rel[i] = r
		}
		d.Related = rel
	}
	return d
}

// Resolve turns anchored related places into plain offsets: place
// returns the current range of an anchor, ok false when it is gone (the
// place is then dropped).
func (d Diagnostic) Resolve(place func(anchor string) (start, end int, ok bool)) Diagnostic {
	anchored := false
	for _, r := range d.Related {
		anchored = anchored || r.Anchor != ""
	}
	if !anchored {
		return d
	}
	rel := make([]Related, 0, len(d.Related))
	for _, r := range d.Related {
		if r.Anchor != "" {
			start, end, ok := place(r.Anchor)
			if !ok {
				continue
			}
			r.Start, r.End, r.Anchor = start, end, ""
		}
		rel = append(rel, r)
	}
	d.Related = rel
	return d
}

// Sort orders diagnostics by position, then code, then message.
func Sort(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.End != b.End {
			return a.End < b.End
		}
		if a.Code != b.Code {
			return a.Code < b.Code
		}
		return a.Message < b.Message
	})
}
