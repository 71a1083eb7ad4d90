package routing

import (
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

func TestEveryDetailTypeHasOneRule(t *testing.T) {
	for _, dt := range relais.DetailTypes {
		n := 0
		for _, r := range Rules {
			if r.Pattern.Detail == nil && r.Pattern.Matches(relais.EventSource, dt, nil) {
				n++
			}
		}
		if got, want := n, 1; got != want {
			t.Errorf("rules matching %q: got %d, want %d", dt, got, want)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		source, detailType string
		detail             string
		want               int
	}{
		{relais.EventSource, relais.DetailInteractionReceived, `{}`, 2},
		{relais.EventSource, relais.DetailPostPublished, `{}`, 1},
		{relais.EventSource, relais.DetailInteractionModerated, `{"labels":["insult"]}`, 1},
		// The alert rule adds the notifications topic.
		{relais.EventSource, relais.DetailInteractionModerated, `{"labels":["threat","alert"]}`, 2},
		{relais.EventSource, relais.DetailInteractionModerated, `not json`, 1},
		{"aws.events", relais.DetailInteractionReceived, `{}`, 0},
		{relais.EventSource, "Something Else", `{}`, 0},
	}
	for _, tt := range tests {
		if got := len(Match(tt.source, tt.detailType, []byte(tt.detail))); got != tt.want {
			t.Errorf("Match(%q, %q, %s): got %d targets, want %d", tt.source, tt.detailType, tt.detail, got, tt.want)
		}
	}
}

func TestPatternJSON(t *testing.T) {
	got := Rules[0].Pattern.JSON()
	want := `{"source":["relais"],"detail-type":["Interaction Received"]}`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestAlertPatternJSON(t *testing.T) {
	var got string
	for _, r := range Rules {
		if r.Pattern.Detail != nil {
			got = r.Pattern.JSON()
		}
	}
	want := `{"source":["relais"],"detail-type":["Interaction Moderated"],"detail":{"labels":["alert"]}}`
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
