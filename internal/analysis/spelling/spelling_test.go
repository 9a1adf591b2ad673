package spelling

import "testing"

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"cache", "cache", 0},
		{"cahce", "cache", 1}, // adjacent swap
		{"prepar", "prepare", 1},
		{"kitten", "sitting", 3},
		{"ca", "abc", 3}, // OSA does not edit a substring twice
		{"api_ulr", "api_url", 1},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestClosest(t *testing.T) {
	declared := []string{"API_URL", "CACHE", "DB", "SESSIONS"}
	tests := []struct {
		name string
		want string
	}{
		{"CAHCE", "CACHE"},
		{"db", "DB"},    // case only
		{"DATABSE", ""}, // too far from DB
		{"API_ULR", "API_URL"},
		{"SESSION", "SESSIONS"},
		{"API_TOKEN", ""}, // a secret, not a typo
		{"X", ""},
	}
	for _, tt := range tests {
		if got := Closest(tt.name, declared); got != tt.want {
			t.Errorf("Closest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := Closest("bat", []string{"hat", "cat"}); got != "cat" {
		t.Errorf("ties break alphabetically: got %q, want cat", got)
	}
}
