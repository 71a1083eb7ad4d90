// Package logging builds Relais' JSON logger: log/slog with secrets
// redacted by attribute name, whatever code logs them.
package logging

import (
	"io"
	"log/slog"
	"strings"
)

// sensitive are attribute name fragments whose values are never written.
var sensitive = []string{"token", "secret", "password", "authorization", "signature", "body", "payload"}

// New returns a JSON logger for one function.
func New(w io.Writer, function string) *slog.Logger {
	h := slog.NewJSONHandler(w, &slog.HandlerOptions{ReplaceAttr: redact})
	return slog.New(h).With("function", function)
}

func redact(_ []string, a slog.Attr) slog.Attr {
	key := strings.ToLower(a.Key)
	for _, s := range sensitive {
		if strings.Contains(key, s) {
			return slog.String(a.Key, "[redacted]")
		}
	}
	return a
}
