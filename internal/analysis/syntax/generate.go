package syntax

// names.go declares the grammar's node types and field names as constants.
//
//go:generate go run ./internal/namegen/gen names.go
