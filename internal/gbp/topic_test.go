package gbp

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/gbp/gbpfake"
	"github.com/relais-dev/relais/internal/relais"
)

var (
	paris    = time.FixedZone("CET", 3600)
	eveStart = time.Date(2026, 12, 24, 18, 0, 0, 0, paris)
	eveEnd   = time.Date(2026, 12, 24, 23, 30, 0, 0, paris)
)

func TestTopicCheck(t *testing.T) {
	text := relais.Content{Text: "Réveillon au bistrot"}
	linked := relais.Content{Text: "Réveillon au bistrot", Link: "https://acme.example/reveillon"}
	event := Topic{Type: TopicEvent, Title: "Réveillon", Start: eveStart, End: eveEnd}
	tests := []struct {
		name    string
		topic   Topic
		content relais.Content
		wantErr bool
	}{
		{name: "standard", content: text},
		{name: "standard with link", content: linked},
		{name: "book", topic: Topic{Action: ActionBook}, content: linked},
		{name: "call", topic: Topic{Action: ActionCall}, content: text},
		{name: "event", topic: event, content: linked},
		{name: "event without text", topic: event, content: relais.Content{}},
		{name: "all-day event over days", topic: Topic{Type: TopicEvent, Title: "Salon", Start: eveStart, End: eveStart.AddDate(0, 0, 2), AllDay: true}, content: text},
		{name: "all-day event on one day", topic: Topic{Type: TopicEvent, Title: "Salon", Start: eveEnd, End: eveStart, AllDay: true}, content: text},
		{name: "offer", topic: Topic{Type: TopicOffer, Title: "-20 %", Start: eveStart, End: eveEnd, Coupon: "NOEL", Terms: "Sur place"}, content: linked},

		{name: "standard without text", content: relais.Content{Link: "https://acme.example"}, wantErr: true},
		{name: "unknown type", topic: Topic{Type: "ALERT"}, content: text, wantErr: true},
		{name: "unknown button", topic: Topic{Action: "GET_OFFER"}, content: linked, wantErr: true},
		{name: "button without link", topic: Topic{Action: ActionOrder}, content: text, wantErr: true},
		{name: "call with link", topic: Topic{Action: ActionCall}, content: linked, wantErr: true},
		{name: "offer with button", topic: Topic{Type: TopicOffer, Title: "-20 %", Start: eveStart, End: eveEnd, Action: ActionShop}, content: linked, wantErr: true},
		{name: "coupon on an event", topic: Topic{Type: TopicEvent, Title: "Réveillon", Start: eveStart, End: eveEnd, Coupon: "X"}, content: text, wantErr: true},
		{name: "title on an update", topic: Topic{Title: "Réveillon"}, content: text, wantErr: true},
		{name: "event without title", topic: Topic{Type: TopicEvent, Title: " ", Start: eveStart, End: eveEnd}, content: text, wantErr: true},
		{name: "event without end", topic: Topic{Type: TopicEvent, Title: "Réveillon", Start: eveStart}, content: text, wantErr: true},
		{name: "event ending before it starts", topic: Topic{Type: TopicEvent, Title: "Réveillon", Start: eveEnd, End: eveStart}, content: text, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.topic.Check(tt.content)
			if got := err != nil; got != tt.wantErr {
				t.Fatalf("error: got %v, want one: %v", err, tt.wantErr)
			}
			if err != nil && relais.ErrorCode(err) != relais.EINVALID {
				t.Errorf("code: got %s, want %s", relais.ErrorCode(err), relais.EINVALID)
			}
		})
	}
}

// TestPublishTopic: each topic on the wire, as Google stores it. Times
// are the location's wall clock, sent as written whatever their zone.
func TestPublishTopic(t *testing.T) {
	linked := relais.Content{Text: "Réveillon au bistrot", Link: "https://acme.example/reveillon", ImageURL: photo}
	schedule := &gbpfake.TimeInterval{
		StartDate: &gbpfake.Date{Year: 2026, Month: 12, Day: 24}, StartTime: &gbpfake.TimeOfDay{Hours: 18},
		EndDate: &gbpfake.Date{Year: 2026, Month: 12, Day: 24}, EndTime: &gbpfake.TimeOfDay{Hours: 23, Minutes: 30},
	}
	media := []gbpfake.Media{{MediaFormat: "PHOTO", SourceURL: photo}}
	tests := []struct {
		name    string
		topic   Topic
		content relais.Content
		want    gbpfake.LocalPost
	}{
		{name: "book", topic: Topic{Action: ActionBook}, content: linked, want: gbpfake.LocalPost{
			Summary: linked.Text, TopicType: "STANDARD", Media: media,
			CallToAction: &gbpfake.CallToAction{ActionType: "BOOK", URL: linked.Link}}},
		{name: "call", topic: Topic{Action: ActionCall}, content: relais.Content{Text: "Réservez"}, want: gbpfake.LocalPost{
			Summary: "Réservez", TopicType: "STANDARD", CallToAction: &gbpfake.CallToAction{ActionType: "CALL"}}},
		{name: "event", topic: Topic{Type: TopicEvent, Title: "Réveillon", Start: eveStart, End: eveEnd, Action: ActionSignUp}, content: linked,
			want: gbpfake.LocalPost{Summary: linked.Text, TopicType: "EVENT", Media: media,
				Event:        &gbpfake.Event{Title: "Réveillon", Schedule: schedule},
				CallToAction: &gbpfake.CallToAction{ActionType: "SIGN_UP", URL: linked.Link}}},
		{name: "all-day event", topic: Topic{Type: TopicEvent, Title: "Salon", Start: eveStart, End: eveEnd.AddDate(0, 0, 2), AllDay: true},
			content: relais.Content{}, want: gbpfake.LocalPost{TopicType: "EVENT", Event: &gbpfake.Event{Title: "Salon", Schedule: &gbpfake.TimeInterval{
				StartDate: &gbpfake.Date{Year: 2026, Month: 12, Day: 24}, EndDate: &gbpfake.Date{Year: 2026, Month: 12, Day: 26}}}}},
		{name: "offer", topic: Topic{Type: TopicOffer, Title: "-20 %", Start: eveStart, End: eveEnd, Coupon: "NOEL", Terms: "Sur place"}, content: linked,
			want: gbpfake.LocalPost{Summary: linked.Text, TopicType: "OFFER", Media: media,
				Event: &gbpfake.Event{Title: "-20 %", Schedule: schedule},
				Offer: &gbpfake.Offer{CouponCode: "NOEL", RedeemOnlineURL: linked.Link, TermsConditions: "Sur place"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStack(t)
			id, err := s.client.PublishTopic(context.Background(), acmeToken, acme, tt.content, tt.topic)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			posts := s.fake.Posts(acme)
			if len(posts) != 1 || posts[0].Name != id {
				t.Fatalf("posts: got %+v, want one named %s", posts, id)
			}
			got := posts[0]
			got.Name, got.Location, got.CreateTime = "", "", time.Time{}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("post:\n got %+v\nwant %+v", got, tt.want)
			}
			// Listed back, the post hashes as the content that made it.
			listed, err := s.client.RecentPosts(context.Background(), acmeToken, acme, start)
			if err != nil || len(listed) != 1 || listed[0].Hash != tt.content.Hash() {
				t.Errorf("recent posts: got %+v, %v; want one with the content's hash", listed, err)
			}
		})
	}
}

// TestPublishTopicRefused: a topic that does not fit the content is
// refused before any call.
func TestPublishTopicRefused(t *testing.T) {
	s := newStack(t)
	_, err := s.client.PublishTopic(context.Background(), acmeToken, acme, relais.Content{Text: "hi"}, Topic{Action: ActionShop})
	mustFail(t, err, relais.FailPermanent, 0)
	if n := s.requests.Load(); n != 0 {
		t.Errorf("requests: got %d, want none", n)
	}
}

func TestParseTopic(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		want    Topic
		wantErr bool
	}{
		{name: "empty", json: `{}`, want: Topic{}},
		{name: "button", json: `{"action":"ORDER"}`, want: Topic{Action: ActionOrder}},
		{name: "offer", json: `{"type":"OFFER","title":"-20 %","start":"2026-12-24T18:00:00+01:00","end":"2026-12-24T23:30:00+01:00","coupon":"NOEL"}`,
			want: Topic{Type: TopicOffer, Title: "-20 %", Start: eveStart, End: eveEnd, Coupon: "NOEL"}},
		{name: "unknown field", json: `{"type":"EVENT","tilte":"x"}`, wantErr: true},
		{name: "not JSON", json: `EVENT`, wantErr: true},
		{name: "event without dates", json: `{"type":"EVENT","title":"Salon"}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTopic([]byte(tt.json))
			if tt.wantErr {
				if relais.ErrorCode(err) != relais.EINVALID {
					t.Errorf("got %+v, %v; want an EINVALID error", got, err)
				}
				return
			}
			if err != nil || !got.Start.Equal(tt.want.Start) || !got.End.Equal(tt.want.End) {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
			got.Start, got.End, tt.want.Start, tt.want.End = time.Time{}, time.Time{}, time.Time{}, time.Time{}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}
