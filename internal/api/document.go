package api

import (
	_ "embed"
	"net/http"

	"github.com/relais-dev/relais/internal/auth"
)

// Document is the API's OpenAPI 3.1 document.
//
//go:embed openapi.json
var Document []byte

func serveDocument(w http.ResponseWriter, _ *http.Request, _ auth.Identity) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(Document)
	return err
}
