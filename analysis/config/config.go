// Package config reads a Worker's configuration files — wrangler.toml,
// wrangler.jsonc/.json, pyproject.toml and lock files — keeping the byte
// position of every value so findings and fixes can point into them.
package config

// Workspace is the parsed configuration of one Worker.
type Workspace struct{}
