package gbp

import (
	"context"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/relais"
)

// TestTopicFromOptions: a post's options make it an event or an offer, as
// the guards check them when it is scheduled and Publish sends them.
func TestTopicFromOptions(t *testing.T) {
	event := map[string]string{OptionTopic: "EVENT", OptionTitle: "Dégustation de Noël", OptionStart: "2026-12-20T10:00", OptionEnd: "2026-12-20T18:00", OptionAction: "BOOK"}
	tests := []struct {
		name    string
		options map[string]string
		want    string // part of the refusal; "" when it goes out
	}{
		{"an update", nil, ""},
		{"an event", event, ""},
		{"an offer over whole days", map[string]string{OptionTopic: "OFFER", OptionTitle: "-20 % sur les bûches", OptionStart: "2026-12-18", OptionEnd: "2026-12-24", OptionAllDay: "true", OptionCoupon: "BUCHE20"}, ""},
		{"an event without its end", map[string]string{OptionTopic: "EVENT", OptionTitle: "Atelier", OptionStart: "2026-12-20T10:00"}, "needs a start and an end"},
		{"a date that does not read", map[string]string{OptionTopic: "EVENT", OptionTitle: "Atelier", OptionStart: "20/12", OptionEnd: "2026-12-20"}, "want the location's clock"},
		{"a coupon on an update", map[string]string{OptionCoupon: "X"}, "belong to an offer"},
		{"an unknown option", map[string]string{"color": "red"}, `takes no option "color"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := relais.Content{Text: "Venez nombreux à la boutique !", Link: "https://acme.example/noel", Options: tt.options}
			err := Spec.CheckLimits(c)
			if tt.want != "" {
				if relais.ErrorCode(err) != relais.EINVALID || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("guard: got %v, want a refusal saying %q", err, tt.want)
				}
				return
			}
			if err != nil {
				t.Fatalf("guard: %v", err)
			}
			s := newStack(t)
			if _, err := s.client.Publish(context.Background(), acmeToken, acme, "p1", c); err != nil {
				t.Fatal(err)
			}
			posts := s.fake.Posts(acme)
			want := tt.options[OptionTopic]
			if want == "" {
				want = "STANDARD"
			}
			if len(posts) != 1 || posts[0].TopicType != want {
				t.Fatalf("posts: got %+v, want one %s", posts, want)
			}
			if want == "EVENT" && (posts[0].Event == nil || posts[0].Event.Title != event[OptionTitle]) {
				t.Errorf("event: got %+v, want its title", posts[0].Event)
			}
		})
	}
}
