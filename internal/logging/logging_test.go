package logging

import (
	"bytes"
	"strings"
	"testing"
)

func TestRedactsSecrets(t *testing.T) {
	var buf bytes.Buffer
	log := New(&buf, "webhook")
	log.Info("delivery", "accessToken", "tok-123", "webhookSecret", "s3cr3t", "rawBody", `{"a":1}`, "length", 7)
	got := buf.String()
	for _, leak := range []string{"tok-123", "s3cr3t", `{\"a\":1}`} {
		if strings.Contains(got, leak) {
			t.Errorf("log line holds %q: %s", leak, got)
		}
	}
	for _, want := range []string{`"length":7`, `"function":"webhook"`} {
		if !strings.Contains(got, want) {
			t.Errorf("log line lacks %s: %s", want, got)
		}
	}
}
