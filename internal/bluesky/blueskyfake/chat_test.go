package blueskyfake

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

var chatHeader = http.Header{"Atproto-Proxy": {ChatService}}

// logRevs reads a getLog answer: its entries' types and messages' texts,
// and its cursor.
func logRevs(t *testing.T, out map[string]any) ([]string, string) {
	t.Helper()
	var got []string
	logs, _ := out["logs"].([]any)
	for _, l := range logs {
		e := l.(map[string]any)
		typ := strings.TrimPrefix(e["$type"].(string), "chat.bsky.convo.defs#")
		if m, ok := e["message"].(map[string]any); ok {
			typ += " " + m["text"].(string)
		}
		got = append(got, typ)
	}
	cursor, _ := out["cursor"].(string)
	return got, cursor
}

func TestChatLog(t *testing.T) {
	p := newPDS(t)
	p.s.ChatLogPage = 3
	access, _ := p.login()
	getLog := func(cursor string) ([]string, string) {
		t.Helper()
		path := "chat.bsky.convo.getLog"
		if cursor != "" {
			path += "?cursor=" + cursor
		}
		status, out := p.callWith(chatHeader, "GET", path, access, "")
		if status != http.StatusOK {
			t.Fatalf("getLog after %q: status %d: %v", cursor, status, out)
		}
		return logRevs(t, out)
	}
	if got, cursor := getLog(""); len(got) != 0 || cursor != "" {
		t.Errorf("empty log: got %v, cursor %q; want nothing and no cursor", got, cursor)
	}
	for i := range 4 {
		p.s.SendMessage("acme.bsky.social", "bob.example", fmt.Sprint("m", i))
	}
	latest, cursor := getLog("")
	if want := []string{"logCreateMessage m1", "logCreateMessage m2", "logCreateMessage m3"}; !slices.Equal(latest, want) {
		t.Errorf("without a cursor: got %v, want the latest page %v", latest, want)
	}
	reply := p.s.SendMessage("bob.example", "acme.bsky.social", "r0")
	p.s.SendMessage("acme.bsky.social", "carol.example", "c0")
	if got, next := getLog(cursor); !slices.Equal(got, []string{"logCreateMessage r0", "logBeginConvo", "logCreateMessage c0"}) || next <= cursor {
		t.Errorf("after %q: got %v, cursor %q; want the reply, carol's convo and message, a later cursor", cursor, got, next)
	} else if again, same := getLog(next); len(again) != 0 || same != next {
		t.Errorf("after the last: got %v, cursor %q; want nothing and %q", again, same, next)
	}
	if got := p.s.Messages(reply.ConvoID); len(got) != 5 || got[4].ID != reply.ID {
		t.Errorf("bob's convo: got %+v, want 5 messages ending with the reply", got)
	}
}

func TestChatRefusals(t *testing.T) {
	p := newPDS(t)
	m := p.s.SendMessage("acme.bsky.social", "bob.example", "hi")
	p.s.RegisterAccount("carol.example", "carol-pass")
	access, _ := p.login()
	send := `{"convoId":"` + m.ConvoID + `","message":{"text":"hello"}}`
	tests := []struct {
		name       string
		header     http.Header
		nsid, body string
		deny       bool
		wantStatus int
		wantError  string
	}{
		{"no proxy header: the AppView has no chat", nil, "chat.bsky.convo.getLog", "", false, 501, "MethodNotImplemented"},
		{"another service", http.Header{"Atproto-Proxy": {"did:web:api.bsky.app#bsky_appview"}}, "chat.bsky.convo.getLog", "", false, 400, "InvalidRequest"},
		{"app password without chat", chatHeader, "chat.bsky.convo.getLog", "", true, 400, "InvalidToken"},
		{"send without chat", chatHeader, "chat.bsky.convo.sendMessage", send, true, 400, "InvalidToken"},
		{"unknown convo", chatHeader, "chat.bsky.convo.sendMessage", `{"convoId":"nope","message":{"text":"hello"}}`, false, 400, "InvalidConvo"},
		{"blank", chatHeader, "chat.bsky.convo.sendMessage", `{"convoId":"` + m.ConvoID + `","message":{"text":" "}}`, false, 400, "InvalidRequest"},
		{"too long", chatHeader, "chat.bsky.convo.sendMessage", `{"convoId":"` + m.ConvoID + `","message":{"text":"` + strings.Repeat("é", 1001) + `"}}`, false, 400, "InvalidRequest"},
		{"sent", chatHeader, "chat.bsky.convo.sendMessage", send, false, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			token := access
			if tt.deny {
				p.s.DenyDirectMessages("carol.example")
				_, out := p.call("POST", "com.atproto.server.createSession", "", `{"identifier":"carol.example","password":"carol-pass"}`)
				token = out["accessJwt"].(string)
			}
			method := "GET"
			if tt.body != "" {
				method = "POST"
			}
			status, out := p.callWith(tt.header, method, tt.nsid, token, tt.body)
			if status != tt.wantStatus || (tt.wantError != "" && out["error"] != tt.wantError) {
				t.Errorf("got %d %v, want %d %s", status, out, tt.wantStatus, tt.wantError)
			}
			if tt.deny && out["message"] != "Bad token method" {
				t.Errorf("message: got %v, want Bad token method", out["message"])
			}
		})
	}
	if got := p.s.Messages(m.ConvoID); len(got) != 2 || got[1].Text != "hello" {
		t.Errorf("convo: got %+v, want hi then the one hello sent", got)
	}
}
