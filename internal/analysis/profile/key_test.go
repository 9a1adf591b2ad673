package profile

import (
	"fmt"
	"slices"
	"sync"
	"testing"
)

// TestKeyDerivedOnce: Key and BindingNames are computed once per profile,
// however many analyses ask at once (a config edit re-analyses every open
// file in parallel), and equal profiles get equal keys.
func TestKeyDerivedOnce(t *testing.T) {
	build := func() *Profile {
		p := Default()
		p.Bindings = map[string]Binding{}
		for i := 0; i < 2000; i++ {
			name := fmt.Sprintf("KV%d", i)
			p.Bindings[name] = Binding{Name: name, Kind: "kv_namespace"}
		}
		return p
	}
	p := build()
	var wg sync.WaitGroup
	keys := make([]uint64, 64)
	names := make([][]string, 64)
	for i := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keys[i], names[i] = p.Key(), p.BindingNames()
		}()
	}
	wg.Wait()
	for i := range keys {
		if keys[i] != keys[0] || &names[i][0] != &names[0][0] {
			t.Fatalf("call %d derived its own key or names", i)
		}
	}
	if !slices.IsSorted(names[0]) || len(names[0]) != 2000 {
		t.Errorf("binding names: %d, sorted %v", len(names[0]), slices.IsSorted(names[0]))
	}
	if build().Key() != keys[0] {
		t.Error("equal profiles got different keys")
	}
	other := build()
	other.CompatDate = "2024-01-01"
	if other.Key() == keys[0] {
		t.Error("different profiles got equal keys")
	}
}
