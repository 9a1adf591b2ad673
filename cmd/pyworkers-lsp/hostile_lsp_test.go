package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// lspProc is the built server on pipes, with a reader that answers its
// requests and records replies and publishes.
type lspProc struct {
	t     *testing.T
	cmd   *exec.Cmd
	in    io.WriteCloser
	wmu   sync.Mutex
	mu    sync.Mutex
	cond  *sync.Cond
	resp  map[int]json.RawMessage
	pubs  map[string][]lspPublish
	gate  chan struct{} // closed: the reader reads; nil channel blocks it
	done  chan struct{}
	start time.Time
}

type lspPublish struct {
	version int
	diags   []struct {
		Code    any    `json:"code"`
		Message string `json:"message"`
	}
}

func startLSP(t *testing.T, bin, dir string) *lspProc {
	cmd := exec.Command(bin, "serve", "--stdio", "--log-level", "error")
	cmd.Dir = dir
	if path := os.Getenv("PYWORKERS_HOSTILE_STDERR"); path != "" {
		// The server's log (GODEBUG=gctrace=1 for memory questions).
		if f, err := os.Create(path); err == nil {
			cmd.Stderr = f
			t.Cleanup(func() { f.Close() })
		}
	}
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &lspProc{t: t, cmd: cmd, in: in, resp: map[int]json.RawMessage{}, pubs: map[string][]lspPublish{}, gate: make(chan struct{}), done: make(chan struct{}), start: time.Now()}
	close(p.gate)
	p.cond = sync.NewCond(&p.mu)
	go p.read(bufio.NewReaderSize(out, 1<<16))
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-p.done })
	p.send(`{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"processId":null,"rootUri":"` + fileURI(dir) + `","capabilities":{"textDocument":{"publishDiagnostics":{"versionSupport":true}}}}}`)
	p.wait(0, 30*time.Second)
	p.send(`{"jsonrpc":"2.0","method":"initialized","params":{}}`)
	return p
}

func fileURI(path string) string { return "file://" + filepath.ToSlash(path) }

func (p *lspProc) send(body string) {
	p.wmu.Lock()
	defer p.wmu.Unlock()
	if _, err := io.WriteString(p.in, lspFrame(body)); err != nil {
		p.t.Errorf("write: %v", err)
	}
}

func (p *lspProc) read(r *bufio.Reader) {
	defer close(p.done)
	defer func() { p.mu.Lock(); p.cond.Broadcast(); p.mu.Unlock() }()
	for {
		p.mu.Lock()
		gate := p.gate
		p.mu.Unlock()
		<-gate
		n := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimSpace(line)
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				n, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var m struct {
			ID     *json.RawMessage `json:"id"`
			Method string           `json:"method"`
			Params json.RawMessage  `json:"params"`
			Result json.RawMessage  `json:"result"`
			Error  json.RawMessage  `json:"error"`
		}
		if json.Unmarshal(body, &m) != nil {
			continue
		}
		switch {
		case m.Method == "textDocument/publishDiagnostics":
			var pp struct {
				URI         string `json:"uri"`
				Version     int    `json:"version"`
				Diagnostics []struct {
					Code    any    `json:"code"`
					Message string `json:"message"`
				} `json:"diagnostics"`
			}
			_ = json.Unmarshal(m.Params, &pp)
			p.mu.Lock()
			p.pubs[pp.URI] = append(p.pubs[pp.URI], lspPublish{version: pp.Version, diags: pp.Diagnostics})
			p.cond.Broadcast()
			p.mu.Unlock()
		case m.Method != "" && m.ID != nil: // a server request: answer null
			go p.send(`{"jsonrpc":"2.0","id":` + string(*m.ID) + `,"result":null}`)
		case m.ID != nil:
			id, _ := strconv.Atoi(string(*m.ID))
			p.mu.Lock()
			p.resp[id] = append(m.Result, m.Error...)
			p.cond.Broadcast()
			p.mu.Unlock()
		}
	}
}

// until waits for ok (called with p.mu held) or the timeout.
func (p *lspProc) until(timeout time.Duration, ok func() bool) bool {
	timer := time.AfterFunc(timeout, func() { p.mu.Lock(); p.cond.Broadcast(); p.mu.Unlock() })
	defer timer.Stop()
	deadline := time.Now().Add(timeout)
	p.mu.Lock()
	defer p.mu.Unlock()
	for !ok() {
		select {
		case <-p.done:
			return ok()
		default:
		}
		if time.Now().After(deadline) {
			return false
		}
		p.cond.Wait()
	}
	return true
}

func (p *lspProc) wait(id int, timeout time.Duration) (time.Duration, bool) {
	start := time.Now()
	ok := p.until(timeout, func() bool { _, ok := p.resp[id]; return ok })
	return time.Since(start), ok
}

// publishOf waits for the publish of uri at version and returns it.
func (p *lspProc) publishOf(uri string, version int, timeout time.Duration) (lspPublish, bool) {
	var got lspPublish
	ok := p.until(timeout, func() bool {
		for _, pb := range p.pubs[uri] {
			if pb.version == version {
				got = pb
				return true
			}
		}
		return false
	})
	return got, ok
}

func (p *lspProc) open(uri, text string) {
	b, _ := json.Marshal(text)
	p.send(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"` + uri + `","languageId":"python","version":1,"text":` + string(b) + `}}}`)
}

func (p *lspProc) replaceAll(uri string, version int, text string) {
	b, _ := json.Marshal(text)
	p.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"%s","version":%d},"contentChanges":[{"text":%s}]}}`, uri, version, b))
}

func (p *lspProc) insertAtStart(uri string, version int, text string) {
	b, _ := json.Marshal(text)
	p.send(fmt.Sprintf(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"%s","version":%d},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":%s}]}}`, uri, version, b))
}

func (p *lspProc) hover(id int, uri string) {
	p.send(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"textDocument/hover","params":{"textDocument":{"uri":"%s"},"position":{"line":0,"character":20}}}`, id, uri))
}

// rss is the process's resident set now (VmRSS) and at its peak (VmHWM).
func (p *lspProc) rss() (now, peak int64) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return -1, -1
	}
	field := func(name string) int64 {
		i := bytes.Index(data, []byte(name+":"))
		if i < 0 {
			return -1
		}
		f := strings.Fields(string(data[i+len(name)+1:]))
		kb, _ := strconv.ParseInt(f[0], 10, 64)
		return kb << 10
	}
	return field("VmRSS"), field("VmHWM")
}

func (p *lspProc) cpu() time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return -1
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond // USER_HZ = 100
}

func report(t *testing.T, format string, args ...any) {
	if os.Getenv("PYWORKERS_HOSTILE_REPORT") != "" {
		t.Logf("HOSTILE "+format, args...)
	}
}

// TestHostileLSPDocuments opens hostile Python documents in the server
// beside a small one: each gets its diagnostics (or, over the size
// limit, the one diagnostic naming it) within its CPU bound, an edit is
// answered too, the small document's hover is answered (within a second
// when the hostile document is parsed), and the peak RSS stays under
// 500 MB.
func TestHostileLSPDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := hostileBinary(t)
	cases := []struct {
		name     string
		text     string
		bound    time.Duration // CPU for open + one edit
		oversize bool
	}{
		{"lone-cr-469KB", strings.ReplaceAll(hostileModule(469<<10), "\n", "\r"), 6 * time.Second, false},
		{"unterminated-strings-100000", toPy + "x = " + strings.Repeat("'a ", 100000) + "\n", 12 * time.Second, false},
		{"unclosed-triple-quote-10MB", toPy + "x = \"\"\"\n" + strings.Repeat("abc def ghi\n", 10<<20/12), 3 * time.Second, true},
		{"realistic-module-50MB", hostileModule(50 << 20), 6 * time.Second, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			worker(t, dir, toPy)
			p := startLSP(t, bin, dir)
			small := fileURI(filepath.Join(dir, "src", "entry.py"))
			p.open(small, toPy)
			if _, ok := p.publishOf(small, 1, 20*time.Second); !ok {
				t.Fatal("no publish for the small document")
			}
			cpu0 := p.cpu()
			uri := fileURI(filepath.Join(dir, "src", "hostile.py"))
			start := time.Now()
			p.open(uri, c.text)
			p.hover(7, small)
			hoverIn, hovered := p.wait(7, 3*wallBound(c.bound))
			pub, ok := p.publishOf(uri, 1, 3*wallBound(c.bound))
			openIn := time.Since(start)
			if !ok {
				t.Fatalf("no publish for the hostile document after %v", openIn)
			}
			p.insertAtStart(uri, 2, "#")
			if _, ok := p.publishOf(uri, 2, 3*wallBound(c.bound)); !ok {
				t.Fatal("no publish after an edit")
			}
			cpu := p.cpu() - cpu0
			_, peak := p.rss()
			report(t, "lsp %-28s open+publish=%-8s hover(other)=%-8s cpu(open+edit)=%-8s peak-rss=%dMB findings=%d", c.name, openIn.Round(time.Millisecond), hoverIn.Round(time.Millisecond), cpu.Round(10*time.Millisecond), peak>>20, len(pub.diags))
			if !hovered {
				t.Errorf("the small document's hover was not answered")
			} else if hoverIn > time.Second {
				// Parses run off the read loop: the hostile document
				// delays only its own requests. A document over the size
				// limit is never parsed; what delays the hover there is
				// decoding its 10–50 MB message, which precedes the next
				// (about 12 ms per MB).
				t.Errorf("the small document's hover took %v while the hostile one was processed (bound 1s)", hoverIn)
			}
			if cpu > c.bound {
				t.Errorf("open and one edit took %v CPU (bound %v)", cpu, c.bound)
			}
			if peak > hostileRSS {
				t.Errorf("peak RSS %d MB (bound %d MB)", peak>>20, hostileRSS>>20)
			}
			if c.oversize {
				if len(pub.diags) != 1 || !strings.Contains(pub.diags[0].Message, "over the limit of 1.0 MiB") {
					t.Errorf("over the limit: %+v", pub.diags)
				}
				// Shrunk under the limit, it is analysed again.
				p.replaceAll(uri, 3, toPy)
				pub, ok := p.publishOf(uri, 3, 20*time.Second)
				if !ok || len(pub.diags) != 1 || pub.diags[0].Code != "PW201" {
					t.Errorf("after shrinking: %+v (published %v)", pub.diags, ok)
				}
			}
		})
	}
}

// TestHostileLSPMemoryReleased: while 2,000 documents are open and while
// 10,000 replies wait unread, the resident set stays under 500 MB; after
// they are closed and drained it falls back under a lower bound.
func TestHostileLSPMemoryReleased(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := hostileBinary(t)
	dir := t.TempDir()
	worker(t, dir, toPy)
	p := startLSP(t, bin, dir)
	_, base := p.rss()
	module := hostileModule(3 << 10)
	const docs = 2000
	uri := func(i int) string { return fileURI(filepath.Join(dir, "src", fmt.Sprintf("m%d.py", i))) }
	for i := 0; i < docs; i++ {
		p.open(uri(i), module)
	}
	if !p.until(120*time.Second, func() bool { return len(p.pubs) >= docs }) {
		t.Fatalf("only %d of %d documents published", len(p.pubs), docs)
	}
	_, openPeak := p.rss()
	for i := 0; i < docs; i++ {
		p.send(`{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"` + uri(i) + `"}}}`)
	}
	closed := func() bool {
		for i := 0; i < docs; i++ {
			pubs := p.pubs[uri(i)]
			if len(pubs) == 0 || len(pubs[len(pubs)-1].diags) != 0 {
				return false
			}
		}
		return true
	}
	if !p.until(60*time.Second, closed) {
		t.Fatal("closing did not clear every document's diagnostics")
	}
	afterClose := settledRSS(p, releasedBound)

	// 10,000 completion requests while the client reads nothing.
	small := fileURI(filepath.Join(dir, "src", "entry.py"))
	p.open(small, "import json\njson.")
	p.mu.Lock()
	p.gate = make(chan struct{})
	gate := p.gate
	p.mu.Unlock()
	const requests = 10000
	var flood strings.Builder
	for i := 1; i <= requests; i++ {
		fmt.Fprintf(&flood, "%s", lspFrame(fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":"textDocument/completion","params":{"textDocument":{"uri":"%s"},"position":{"line":1,"character":5}}}`, 1000+i, small)))
	}
	go func() { p.wmu.Lock(); _, _ = io.WriteString(p.in, flood.String()); p.wmu.Unlock() }()
	time.Sleep(3 * time.Second)
	_, floodPeak := p.rss()
	p.mu.Lock()
	p.gate = make(chan struct{})
	close(p.gate)
	p.mu.Unlock()
	close(gate)
	if !p.until(60*time.Second, func() bool { _, ok := p.resp[1000+requests]; return ok }) {
		t.Fatal("the last request was never answered")
	}
	afterDrain := settledRSS(p, releasedBound)
	report(t, "lsp memory: start=%dMB open-2000-peak=%dMB after-close=%dMB flood-peak=%dMB after-drain=%dMB", base>>20, openPeak>>20, afterClose>>20, floodPeak>>20, afterDrain>>20)
	if afterClose > releasedBound {
		t.Errorf("RSS after closing %d documents: %d MB (bound %d MB)", docs, afterClose>>20, releasedBound>>20)
	}
	if afterDrain > releasedBound {
		t.Errorf("RSS after draining %d replies: %d MB (bound %d MB)", requests, afterDrain>>20, releasedBound>>20)
	}
	// Every open snapshot keeps the version of the open texts it was taken
	// with; they share structure, so 2,000 open documents cost O(n log n),
	// not a copy of n texts each.
	for name, peak := range map[string]int64{"2,000 documents open": openPeak, "10,000 unread replies": floodPeak} {
		if peak > hostileRSS {
			t.Errorf("peak RSS with %s: %d MB (bound %d MB)", name, peak>>20, hostileRSS>>20)
		}
	}
}

// releasedBound bounds the resident set once memory was released.
const releasedBound = 200 << 20

// settledRSS is the resident set once the server had time to return
// freed memory (it does after a second of quiet): polled until it is
// under bound or 15 s passed (a loaded machine delays the collection).
func settledRSS(p *lspProc, bound int64) int64 {
	deadline := time.Now().Add(15 * time.Second)
	for {
		now, _ := p.rss()
		if now <= bound || time.Now().After(deadline) {
			return now
		}
		time.Sleep(250 * time.Millisecond)
	}
}
