package main

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/pyworkers/pyworkers-lsp/internal/lspclient"
	"github.com/pyworkers/pyworkers-lsp/internal/workergen"
)

// workspace writes a Worker of lines lines under workdir/name and returns
// the workspace root and the entry file.
func workspace(cfg *config, name string, lines int) (root, entry string, text []byte, err error) {
	root = filepath.Join(cfg.workdir, name)
	text = workergen.Module(lines)
	entry, err = workergen.WriteWorker(root, name, text)
	return root, entry, text, err
}

// latencyResult is one server's typing run on one file.
type latencyResult struct {
	lats     []time.Duration // sorted
	wanted   int
	versions bool // the server sent versions
	initial  time.Duration
	err      error
}

func (l latencyResult) pct(p float64) time.Duration {
	if len(l.lats) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(l.lats)))) - 1
	return l.lats[max(i, 0)]
}

func latencySection(cfg *config, r *report) error {
	r.printf("## Edit → publishDiagnostics latency\n\n")
	r.printf("%d one-character edits typed one after another into a string literal in a handler in the middle of a generated Worker; "+
		"latency is from sending didChange to receiving the publishDiagnostics for that version "+
		"(servers that publish without a version: the next publish after the edit). "+
		"At most %v per server and size; n is how many edits were measured.\n\n", cfg.edits, cfg.budget)
	r.printf("| file | server | n | p50 | p95 | p99 | max | p50 vs %s | p99 vs %s | first diagnostics after open |\n", cfg.servers[0].name, cfg.servers[0].name)
	r.printf("|---|---|---|---|---|---|---|---|---|---|\n")
	for _, lines := range cfg.sizes {
		root, entry, text, err := workspace(cfg, fmt.Sprintf("latency-%d", lines), lines)
		if err != nil {
			return err
		}
		var base latencyResult
		for i, s := range cfg.servers {
			progress("latency: %s on %d lines", s.name, lines)
			res := typeInto(cfg, s, root, entry, text)
			if i == 0 {
				base = res
				if len(res.lats) > 0 {
					r.baseP50[lines] = res.pct(0.5)
				}
			}
			row := fmt.Sprintf("| %d lines | %s | %d/%d | %s | %s | %s | %s | %s | %s | %s |", lines, s.name, len(res.lats), res.wanted,
				ms(res.pct(0.5)), ms(res.pct(0.95)), ms(res.pct(0.99)), ms(res.pct(1)),
				ratio(res.pct(0.5), base.pct(0.5)), ratio(res.pct(0.99), base.pct(0.99)), ms(res.initial))
			if res.err != nil {
				row += " " + oneLine(res.err)
			}
			r.printf("%s\n", row)
		}
	}
	r.printf("\n")
	return nil
}

// typeInto opens entry in a fresh server and types into it.
func typeInto(cfg *config, s serverSpec, root, entry string, text []byte) latencyResult {
	res := latencyResult{wanted: cfg.edits}
	c, err := lspclient.Start(s.argv, root, cfg.serverLog)
	if err != nil {
		res.err = err
		return res
	}
	defer c.Close(5 * time.Second)
	if err := c.Initialize(root, cfg.initTimeout); err != nil {
		res.err = err
		return res
	}
	uri := lspclient.FileURI(entry)
	forURI := func(p lspclient.Publish) bool { return p.URI == uri }
	opened := time.Now()
	if err := c.Open(uri, 1, text); err != nil {
		res.err = err
		return res
	}
	first, next, err := c.WaitPublish(0, cfg.budget, forURI)
	if err != nil {
		res.err = fmt.Errorf("no diagnostics after open: %w", err)
		return res
	}
	res.initial = first.At.Sub(opened)
	res.versions = first.Version != nil
	// Let servers that publish in several rounds settle before typing.
	next = settle(c, next, 1500*time.Millisecond, 30*time.Second)

	line, col := typingPoint(text)
	const typed = "abcdefghijklmnopqrstuvwxyz0123456789"
	deadline := time.Now().Add(cfg.budget)
	for i := 0; i < cfg.edits; i++ {
		left := time.Until(deadline)
		if left <= 0 {
			res.err = fmt.Errorf("time budget of %v used up", cfg.budget)
			break
		}
		version := int32(i + 2)
		sent := time.Now()
		if err := c.Insert(uri, version, line, col+i, string(typed[i%len(typed)])); err != nil {
			res.err = err
			break
		}
		p, after, err := c.WaitPublish(next, min(left, 30*time.Second), func(p lspclient.Publish) bool {
			return p.URI == uri && (p.Version == nil || *p.Version >= version)
		})
		if err != nil && time.Until(deadline) <= 0 {
			res.err = fmt.Errorf("time budget of %v used up", cfg.budget)
			break
		}
		if err != nil {
			res.err = fmt.Errorf("edit %d: %w", i+1, err)
			break
		}
		next = after
		res.lats = append(res.lats, p.At.Sub(sent))
	}
	sort.Slice(res.lats, func(i, j int) bool { return res.lats[i] < res.lats[j] })
	return res
}

// settle waits until no publish has arrived for quiet (at most limit) and
// returns the index after the last publish.
func settle(c *lspclient.Client, next int, quiet, limit time.Duration) int {
	end := time.Now().Add(limit)
	for time.Now().Before(end) {
		_, after, err := c.WaitPublish(next, quiet, func(lspclient.Publish) bool { return true })
		if err != nil {
			break
		}
		next = after
	}
	return len(c.Publishes())
}

// typingPoint is inside the string literal "hit" of a handler near the
// middle of the module (the generated code is ASCII, so byte columns are
// UTF-16 columns).
func typingPoint(text []byte) (line, col int) {
	mid := len(text) / 2
	i := bytes.Index(text[mid:], []byte(`"x-cache": "hit"`))
	if i < 0 {
		i = 0
	}
	at := mid + i + len(`"x-cache": "hi`)
	line = bytes.Count(text[:at], []byte("\n"))
	col = at - (bytes.LastIndexByte(text[:at], '\n') + 1)
	return line, col
}

func coldSection(cfg *config, r *report) error {
	r.printf("## Cold start\n\n")
	r.printf("Process start → initialize (VS Code's capabilities) → didOpen → the first publishDiagnostics of the opened module, "+
		"%d runs per server taking turns (a run of each server, then the next round), and the server's CPU time by then (user+system, 10 ms ticks). "+
		"Load average at the start of the section: %s.\n\n", cfg.coldRuns, loadAverage())
	r.printf("| module | lines | server | median | min | max | CPU (median) | median vs %s |\n|---|---|---|---|---|---|---|---|\n", cfg.servers[0].name)
	for _, shape := range moduleShapes {
		if !strings.Contains(shape.name, cfg.onlyShape) {
			continue
		}
		for _, lines := range cfg.coldSizes {
			name := fmt.Sprintf("cold-%s-%d", strings.ReplaceAll(shape.name, " ", "-"), lines)
			root := filepath.Join(cfg.workdir, name)
			text := shape.gen(lines)
			entry, err := workergen.WriteWorker(root, name, text)
			if err != nil {
				return err
			}
			progress("cold start: %d-line %s", lines, shape.name)
			times := make([][]time.Duration, len(cfg.servers))
			cpus := make([][]time.Duration, len(cfg.servers))
			errs := make([]error, len(cfg.servers))
			for run := 0; run < cfg.coldRuns; run++ {
				for i, s := range cfg.servers {
					d, cpu, err := coldStart(cfg, s, root, entry, text)
					if err != nil {
						errs[i] = err
						continue
					}
					times[i], cpus[i] = append(times[i], d), append(cpus[i], cpu)
				}
			}
			var base time.Duration
			for i, s := range cfg.servers {
				row := fmt.Sprintf("| %s | %d | %s | – | – | – | – | – |", shape.name, lines, s.name)
				if ts := times[i]; len(ts) > 0 {
					slices.Sort(ts)
					slices.Sort(cpus[i])
					med := ts[len(ts)/2]
					if i == 0 {
						base = med
					}
					row = fmt.Sprintf("| %s | %d | %s | %s | %s | %s | %s | %s |", shape.name, lines, s.name, ms(med), ms(ts[0]), ms(ts[len(ts)-1]),
						cpuCell(cpus[i][len(cpus[i])/2]), ratio(med, base))
				}
				if errs[i] != nil {
					row += " " + oneLine(errs[i])
				}
				r.printf("%s\n", row)
			}
		}
	}
	r.printf("\n")
	return nil
}

// cpuCell formats a CPU time (negative: not measured).
func cpuCell(d time.Duration) string {
	if d < 0 {
		return "–"
	}
	return ms(d)
}

// coldStart starts server s, opens entry and returns the time from process
// start to its first diagnostics, and the server's CPU time by then (-1
// when it cannot be read).
func coldStart(cfg *config, s serverSpec, root, entry string, text []byte) (time.Duration, time.Duration, error) {
	c, err := lspclient.Start(s.argv, root, cfg.serverLog)
	if err != nil {
		return 0, 0, err
	}
	defer c.Close(5 * time.Second)
	if err := c.InitializeWith(root, lspclient.VSCodeCapabilities, cfg.initTimeout); err != nil {
		return 0, 0, err
	}
	uri := lspclient.FileURI(entry)
	if err := c.Open(uri, 1, text); err != nil {
		return 0, 0, err
	}
	p, _, err := c.WaitPublish(0, cfg.budget, func(p lspclient.Publish) bool { return p.URI == uri })
	if err != nil {
		return 0, 0, err
	}
	cpu, err := c.CPUTime()
	if err != nil {
		cpu = -1
	}
	return p.At.Sub(c.Started), cpu, nil
}

func oneLine(err error) string {
	return "(" + string(bytes.ReplaceAll([]byte(err.Error()), []byte("\n"), []byte(" "))) + ")"
}
