module github.com/pyworkers/pyworkers-lsp

go 1.26

require (
	github.com/aymanbagabas/go-udiff v0.4.2
	github.com/hashicorp/go-immutable-radix/v2 v2.1.0
	github.com/pelletier/go-toml/v2 v2.4.3
	github.com/segmentio/encoding v0.4.0
	github.com/smacker/go-tree-sitter v0.0.0-20240827094217-dd81d9e9be82
	github.com/tailscale/hujson v0.0.0-20260727124030-b80ff77dac4f
	go.lsp.dev/jsonrpc2 v0.10.0
	go.lsp.dev/protocol v0.12.1-0.20240429031601-dd685d4561a3
	go.uber.org/zap v1.28.0
)

require (
	github.com/hashicorp/golang-lru/v2 v2.0.0 // indirect
	github.com/segmentio/asm v1.1.3 // indirect
	go.lsp.dev/pkg v0.0.0-20210717090340-384b27a52fb2 // indirect
	go.lsp.dev/uri v0.3.0 // indirect
	go.uber.org/multierr v1.10.0 // indirect
	golang.org/x/sys v0.0.0-20220319134239-a9b59b0215f8 // indirect
)
