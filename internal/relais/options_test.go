package relais

import (
	"strings"
	"testing"
)

func TestCheckOptions(t *testing.T) {
	s := Spec{Name: "clip", Options: []Option{
		{Name: "privacy", Values: []string{"PUBLIC", "SELF"}, Required: true, Help: "who sees it"},
		{Name: "comments", Help: "let others comment"},
	}}
	tests := []struct {
		given map[string]string
		want  string // "" when accepted
	}{
		{map[string]string{"privacy": "SELF"}, ""},
		{map[string]string{"privacy": "PUBLIC", "comments": "true"}, ""},
		{nil, "must give option privacy (who sees it): one of PUBLIC, SELF"},
		{map[string]string{"privacy": "FRIENDS"}, `privacy is "FRIENDS"; want one of PUBLIC, SELF`},
		{map[string]string{"privacy": "SELF", "comments": "yes"}, `comments is "yes"; want one of true, false`},
		{map[string]string{"privacy": "SELF", "duet": "true"}, `takes no option "duet" (it takes privacy, comments)`},
	}
	for _, tt := range tests {
		err := s.CheckOptions(tt.given)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%v: got %v, want accepted", tt.given, err)
		case tt.want != "" && (ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%v: got %v, want a refusal saying %q", tt.given, err, tt.want)
		}
	}
	if err := (Spec{Name: "plain"}).CheckOptions(map[string]string{"x": "1"}); err == nil || strings.Contains(err.Error(), "it takes") {
		t.Errorf("a network without options: got %v, want a refusal naming none", err)
	}
}
