package lambdaurl

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestHandlerKeepsRawBodyAndAnswers(t *testing.T) {
	raw := `{"message":"caf\u00e9"}`
	var gotBody, gotPath, gotSig, gotQuery string
	h := Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		gotBody, gotPath, gotSig, gotQuery = string(b), r.URL.Path, r.Header.Get("X-Sandbox-Signature"), r.URL.Query().Get("a")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		w.Write([]byte(`{"ok":true}`))
	}))
	tests := []struct {
		name string
		body string
		b64  bool
	}{
		{"plain", raw, false},
		{"base64", base64.StdEncoding.EncodeToString([]byte(raw)), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := events.LambdaFunctionURLRequest{
				RawPath: "/webhooks/sandbox", RawQueryString: "a=1", Body: tt.body, IsBase64Encoded: tt.b64,
				Headers: map[string]string{"x-sandbox-signature": "sha256=ab"},
			}
			ev.RequestContext.HTTP.Method = http.MethodPost
			resp, err := h(context.Background(), ev)
			if err != nil {
				t.Fatal(err)
			}
			if gotBody != raw {
				t.Errorf("body: got %q, want %q", gotBody, raw)
			}
			if gotPath != "/webhooks/sandbox" || gotQuery != "1" || gotSig != "sha256=ab" {
				t.Errorf("request: got path %q query %q signature %q", gotPath, gotQuery, gotSig)
			}
			if got, want := resp.StatusCode, http.StatusAccepted; got != want {
				t.Errorf("status: got %d, want %d", got, want)
			}
			body, _ := base64.StdEncoding.DecodeString(resp.Body)
			if got, want := string(body), `{"ok":true}`; got != want || !resp.IsBase64Encoded {
				t.Errorf("response body: got %q (base64 %v), want %q", got, resp.IsBase64Encoded, want)
			}
			if got, want := resp.Headers["Content-Type"], "application/json"; got != want {
				t.Errorf("content type: got %q, want %q", got, want)
			}
		})
	}
}

func TestBadBase64IsA400(t *testing.T) {
	ev := events.LambdaFunctionURLRequest{RawPath: "/webhooks/sandbox", Body: "%%%", IsBase64Encoded: true}
	ev.RequestContext.HTTP.Method = http.MethodPost
	resp, err := Handler(http.NotFoundHandler())(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := resp.StatusCode, http.StatusBadRequest; got != want {
		t.Errorf("status: got %d, want %d", got, want)
	}
}
