package config

import (
	"net/url"
	"strings"
)

// WebURL returns s as a safe link target: an absolute http or https URL
// with a host and no credentials, re-encoded so that it cannot end a
// markdown link or HTML attribute early (parentheses, brackets, angle
// brackets, quotes, backticks and spaces are percent-encoded). ok is
// false for anything else — `javascript:`, `command:` (which VS Code
// runs from a hover link), `file:`, relative references. docs-url comes
// from the repository and reaches hovers, diagnostics and SARIF.
func WebURL(s string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || u.Host == "" || u.User != nil || u.Opaque != "" {
		return "", false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
	default:
		return "", false
	}
	u.Scheme = strings.ToLower(u.Scheme)
	prefix := u.Scheme + "://" + u.Host
	out := u.String()
	if !strings.HasPrefix(out, prefix) {
		return "", false
	}
	return prefix + linkEscaper.Replace(out[len(prefix):]), true
}

var linkEscaper = strings.NewReplacer(
	"(", "%28", ")", "%29", "[", "%5B", "]", "%5D", "<", "%3C", ">", "%3E",
	`"`, "%22", "'", "%27", "`", "%60", " ", "%20", "\\", "%5C", "*", "%2A", "_", "%5F",
)
