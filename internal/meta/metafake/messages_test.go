package metafake

import (
	"net/url"
	"slices"
	"testing"
	"time"
)

// TestMessageWindows sends, step by step on one clock, what an account
// may and may not send in private, and checks Meta's answers and what the
// fake recorded.
func TestMessageWindows(t *testing.T) {
	s, srv := newServer(t)
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	s.Now = func() time.Time { return now }
	s.AddComment(pageID, "c1")
	s.AddComment(igID, "c2")
	const lea, hugo = "6283749102837465", "5192837465019283"
	tests := []struct {
		name        string
		after       time.Duration // the clock moves first
		do          func()        // then this happens
		account     string
		ctype, body string
		wantCode    float64
		wantSubcode float64
	}{
		{name: "nobody wrote", account: pageID, ctype: "application/json", body: `{"recipient":{"id":"` + lea + `"},"messaging_type":"RESPONSE","message":{"text":"Bonjour"}}`, wantCode: 100, wantSubcode: 2018001},
		{name: "within a day", after: time.Hour, do: func() { s.ReceiveMessage(pageID, lea) }, account: pageID, ctype: "application/json",
			body: `{"recipient":{"id":"` + lea + `"},"messaging_type":"RESPONSE","message":{"text":"Bonjour"}}`},
		{name: "as a form", account: pageID, ctype: "application/x-www-form-urlencoded",
			body: url.Values{"recipient": {`{"id":"` + lea + `"}`}, "messaging_type": {"RESPONSE"}, "message": {`{"text":"Form"}`}}.Encode()},
		{name: "after a day", after: StandardWindow + time.Minute, account: pageID, ctype: "application/json",
			body: `{"recipient":{"id":"` + lea + `"},"messaging_type":"RESPONSE","message":{"text":"Trop tard"}}`, wantCode: 10, wantSubcode: 2018278},
		{name: "after a day, by a person", account: pageID, ctype: "application/json",
			body: `{"recipient":{"id":"` + lea + `"},"messaging_type":"MESSAGE_TAG","tag":"HUMAN_AGENT","message":{"text":"Pardon du retard"}}`},
		{name: "another tag", account: pageID, ctype: "application/json",
			body: `{"recipient":{"id":"` + lea + `"},"messaging_type":"MESSAGE_TAG","tag":"ACCOUNT_UPDATE","message":{"text":"x"}}`, wantCode: 100},
		{name: "after a week, by a person", after: HumanAgentWindow, account: pageID, ctype: "application/json",
			body: `{"recipient":{"id":"` + lea + `"},"messaging_type":"MESSAGE_TAG","tag":"HUMAN_AGENT","message":{"text":"Toujours là ?"}}`, wantCode: 10, wantSubcode: 2018278},
		{name: "a new message opens the window again", do: func() { s.ReceiveMessage(pageID, lea) }, account: pageID, ctype: "application/json",
			body: `{"recipient":{"id":"` + lea + `"},"messaging_type":"RESPONSE","message":{"text":"Re-bonjour"}}`},
		{name: "unavailable", do: func() { s.ReceiveMessage(pageID, hugo); s.MakeUnavailable(pageID, hugo) }, account: pageID, ctype: "application/json",
			body: `{"recipient":{"id":"` + hugo + `"},"messaging_type":"RESPONSE","message":{"text":"Bonjour"}}`, wantCode: 551, wantSubcode: 1545041},
		{name: "empty text", account: pageID, ctype: "application/json", body: `{"recipient":{"id":"` + lea + `"},"message":{"text":" "}}`, wantCode: 100},
		{name: "two recipients", account: pageID, ctype: "application/json", body: `{"recipient":{"id":"` + lea + `","comment_id":"c1"},"message":{"text":"x"}}`, wantCode: 100},
		{name: "comment eight days old", account: pageID, ctype: "application/json", body: `{"recipient":{"comment_id":"c1"},"message":{"text":"En privé"}}`, wantCode: 10, wantSubcode: 2018278},
		{name: "private reply", do: func() { s.AddComment(pageID, "c3") }, account: pageID, ctype: "application/json", body: `{"recipient":{"comment_id":"c3"},"message":{"text":"En privé"}}`},
		{name: "second private reply", account: pageID, ctype: "application/json", body: `{"recipient":{"comment_id":"c3"},"message":{"text":"Encore"}}`, wantCode: 10900},
		{name: "another account's comment", account: pageID, ctype: "application/json", body: `{"recipient":{"comment_id":"c2"},"message":{"text":"x"}}`, wantCode: 100, wantSubcode: 33},
		{name: "instagram", do: func() { s.ReceiveMessage(igID, "17841") }, account: igID, ctype: "application/json",
			body: `{"recipient":{"id":"17841"},"messaging_type":"RESPONSE","message":{"text":"Coucou"}}`},
	}
	for _, tt := range tests {
		now = now.Add(tt.after)
		if tt.do != nil {
			tt.do()
		}
		token := map[string]string{pageID: pageToken, igID: igToken}[tt.account]
		a := send(t, "POST", srv.URL+"/v21.0/"+tt.account+"/messages", tt.ctype, tt.body, "Authorization", "Bearer "+token)
		if a.code != tt.wantCode || a.subcode != tt.wantSubcode {
			t.Errorf("%s: got %d code %v/%v, want code %v/%v (%v)", tt.name, a.status, a.code, a.subcode, tt.wantCode, tt.wantSubcode, a.body)
		}
		if tt.wantCode == 0 && a.body["message_id"] == "" {
			t.Errorf("%s: got %v, want a message_id", tt.name, a.body)
		}
	}
	var got []string
	for _, m := range append(s.Messages(pageID), s.Messages(igID)...) {
		got = append(got, m.Recipient+m.CommentID+" "+m.MessagingType+" "+m.Tag+" "+m.Text)
	}
	want := []string{
		lea + " RESPONSE  Bonjour",
		lea + " RESPONSE  Form",
		lea + " MESSAGE_TAG HUMAN_AGENT Pardon du retard",
		lea + " RESPONSE  Re-bonjour",
		"c3   En privé",
		"17841 RESPONSE  Coucou",
	}
	if !slices.Equal(got, want) {
		t.Errorf("messages:\n got %q\nwant %q", got, want)
	}
}
