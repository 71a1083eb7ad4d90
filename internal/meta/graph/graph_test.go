package graph

import (
	"strings"
	"testing"
)

func TestParseError(t *testing.T) {
	e := ParseError([]byte(`{"error":{"message":"(#190) bad token tok-1","type":"OAuthException","code":190,"error_subcode":463,"is_transient":true,"fbtrace_id":"AbC"}}`))
	if got, want := Code(e.Code, e.Subcode), "190/463"; got != want || !e.IsTransient {
		t.Errorf("code: got %q (transient %t), want %q (transient)", got, e.IsTransient, want)
	}
	if got, want := e.Explain("the token is bad", "tok-1").Error(), "the token is bad: (#190) bad token [token] (fbtrace_id AbC)"; got != want {
		t.Errorf("explained: got %q, want %q", got, want)
	}
	if e := ParseError([]byte("<html>")); e != (Error{}) || Code(e.Code, e.Subcode) != "" || !strings.HasPrefix(e.Explain("refused", "").Error(), "refused") {
		t.Errorf("another shape: got %+v", e)
	}
}
