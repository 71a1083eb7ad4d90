package meta

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/inbound"
	"github.com/relais-dev/relais/internal/inbound/inboundtest"
	"github.com/relais-dev/relais/internal/relais"
)

var (
	appSecret  = []byte("meta-app-secret")
	receivedAt = time.Date(2024, 11, 19, 12, 0, 0, 0, time.UTC)
)

func unix(s int64) time.Time { return time.Unix(s, 0).UTC() }

func signed(secret, body []byte) http.Header {
	h := http.Header{}
	h.Set(SignatureHeader, Sign(secret, body))
	return h
}

func TestSign(t *testing.T) {
	// RFC 4231, test case 2.
	got := Sign([]byte("Jefe"), []byte("what do ya want for nothing?"))
	want := "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	if got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestVerify(t *testing.T) {
	body := []byte(`{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"message":"Caf\u00e9"}}]}]}`)
	good := Sign(appSecret, body)
	digest := strings.TrimPrefix(good, "sha256=")
	tests := []struct {
		name   string
		secret []byte
		header string
		body   []byte
		want   error
	}{
		{"valid", appSecret, good, body, nil},
		{"uppercase hex", appSecret, "sha256=" + strings.ToUpper(digest), body, nil},
		{"re-encoded body", appSecret, good, []byte(strings.Replace(string(body), `\u00e9`, "é", 1)), ErrSignatureMismatch},
		{"wrong secret", []byte("other-secret"), good, body, ErrSignatureMismatch},
		{"missing header", appSecret, "", body, ErrSignatureMissing},
		{"no prefix", appSecret, digest, body, ErrSignatureMalformed},
		{"sha1", appSecret, "sha1=" + digest, body, ErrSignatureMalformed},
		{"bad hex", appSecret, "sha256=" + strings.Repeat("zz", 32), body, ErrSignatureMalformed},
		{"short digest", appSecret, good[:len(good)-2], body, ErrSignatureMalformed},
		{"no secret", nil, good, body, inbound.ErrNoSecret},
	}
	for _, tt := range tests {
		verify := func(h http.Header) error { return Verify(tt.secret, h, tt.body, receivedAt) }
		inboundtest.Signature(t, tt.name, SignatureHeader, tt.header, verify, tt.want, refusals...)
	}
}

var refusals = []error{ErrSignatureMissing, ErrSignatureMalformed, ErrSignatureMismatch, ErrNotDelivery}

func TestHandshake(t *testing.T) {
	const token = "relais-verify-token"
	q := func(mode, tok, challenge string) url.Values {
		return url.Values{"hub.mode": {mode}, "hub.verify_token": {tok}, "hub.challenge": {challenge}}
	}
	tests := []struct {
		name       string
		configured string
		query      url.Values
		wantStatus int
		wantBody   string
	}{
		{"subscribe", token, q("subscribe", token, "1158201444"), http.StatusOK, "1158201444"},
		{"wrong token", token, q("subscribe", "guess", "1158201444"), http.StatusForbidden, ""},
		{"token prefix", token, q("subscribe", token[:5], "1158201444"), http.StatusForbidden, ""},
		{"wrong mode", token, q("unsubscribe", token, "1158201444"), http.StatusForbidden, ""},
		{"no challenge", token, q("subscribe", token, ""), http.StatusForbidden, ""},
		{"markup challenge", token, q("subscribe", token, "<script>"), http.StatusForbidden, ""},
		{"no query", token, url.Values{}, http.StatusForbidden, ""},
		{"no token configured", "", q("subscribe", "", "1158201444"), http.StatusForbidden, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, ctype, body := Handshake(tt.configured, tt.query)
			if status != tt.wantStatus {
				t.Errorf("status: got %d, want %d", status, tt.wantStatus)
			}
			if status == http.StatusOK {
				if got, want := string(body), tt.wantBody; got != want {
					t.Errorf("body: got %q, want %q", got, want)
				}
				if !strings.HasPrefix(ctype, "text/plain") {
					t.Errorf("content type: got %q, want text/plain", ctype)
				}
			}
			if status != http.StatusOK && strings.Contains(string(body), token) {
				t.Errorf("refusal %q holds the verify token", body)
			}
		})
	}
}

const (
	fbPage      = "104857392018375"
	fbPage2     = "209384756102938"
	post1       = "104857392018375_122104938475628"
	leaComm     = "122104938475628_1029384756473829"
	hugoReply   = "122104938475628_8475610293847561"
	igUser      = "17841405822304914"
	igMedia     = "18012345678901234"
	igCommentID = "17998877665544332"
)

var (
	lea  = relais.Author{ID: "7194827361029384", Name: "Léa Martin"}
	hugo = relais.Author{ID: "2938475610293847", Name: "Hugo Bernard"}
)

// Léa's ids in private conversations: scoped to the page (PSID) and to
// the Instagram account (IGSID).
const (
	leaPSID  = "6283749102837465"
	leaIGSID = "1029384756473829"
)

// wantSamples is the normalised form of every sample delivery, by network
// and file name.
var wantSamples = map[relais.Network]map[string][]relais.Interaction{
	relais.Facebook: {
		"comment": {{
			Network: relais.Facebook, AccountID: fbPage, ID: leaComm, ParentID: post1, PostID: post1,
			Kind: relais.KindComment, Author: lea, Text: "Café délicieux 😍",
			CreatedAt: unix(1732012340), ReceivedAt: receivedAt,
		}},
		"reply": {{
			Network: relais.Facebook, AccountID: fbPage, ID: hugoReply, ParentID: leaComm, PostID: post1,
			Kind: relais.KindReply, Author: hugo, Text: "Je suis d’accord avec Léa, à refaire !",
			CreatedAt: time.Date(2024, 11, 19, 10, 43, 15, 0, time.UTC), ReceivedAt: receivedAt,
		}},
		"edit": {{
			Network: relais.Facebook, AccountID: fbPage, ID: leaComm, ParentID: post1, PostID: post1,
			Kind: relais.KindEdit, Author: lea, Text: "Café délicieux et service au top 😍",
			CreatedAt: unix(1732012340), ReceivedAt: receivedAt, EditedAt: unix(1732014800),
		}},
		"remove": {{
			Network: relais.Facebook, AccountID: fbPage, ID: hugoReply, ParentID: leaComm, PostID: post1,
			Kind: relais.KindRemoval, Author: hugo, Removed: true,
			CreatedAt: unix(1732015990), ReceivedAt: receivedAt,
		}},
		// Two pages; a reaction and a page's own post are skipped; the
		// page's own reply is kept, written by the page.
		"batch": {
			{
				Network: relais.Facebook, AccountID: fbPage, ID: "122104938475628_3847561029384756", ParentID: post1, PostID: post1,
				Kind: relais.KindComment, Author: relais.Author{ID: "5647382910564738", Name: "Chloé Petit"},
				Text: "Vous ouvrez le dimanche ?", CreatedAt: unix(1732019990), ReceivedAt: receivedAt,
			},
			{
				Network: relais.Facebook, AccountID: fbPage, ID: "122104938475628_5610293847561029",
				ParentID: "122104938475628_3847561029384756", PostID: post1,
				Kind: relais.KindReply, Author: relais.Author{ID: fbPage, Name: "Café des Arts"},
				Text: "Oui, de 9h à 14h !", CreatedAt: unix(1732020000), ReceivedAt: receivedAt,
			},
			{
				Network: relais.Facebook, AccountID: fbPage2, ID: "998877665544332_1122334455667788",
				ParentID: "209384756102938_998877665544332", PostID: "209384756102938_998877665544332",
				Kind: relais.KindComment, Author: relais.Author{ID: "8473629105847362", Name: "Marc Dubois"},
				Text: "J’arrive 😀", CreatedAt: unix(1732020001), ReceivedAt: receivedAt,
			},
		},
		// A delivery mixes messaging and feed entries: both are taken.
		// Deliveries, reads, reactions and postbacks are skipped; an image
		// without text is described, never linked.
		"message": {
			{
				Network: relais.Facebook, AccountID: fbPage, ID: "m_QmVsbGUgam91cm7DqWUgOikgdGFibGUgcG91ciA0IGNlIHNvaXI_dXNlcjE",
				Kind: relais.KindMessage, Private: true, Author: relais.Author{ID: leaPSID}, Conversation: leaPSID,
				Text: "Bonjour, avez-vous une table pour 4 ce soir ? 🙂", CreatedAt: time.UnixMilli(1732021000123).UTC(), ReceivedAt: receivedAt,
			},
			{
				Network: relais.Facebook, AccountID: fbPage, ID: "m_UGhvdG8gZHUgbWVudSBkdSBqb3VyX3VzZXIyX2ltYWdlX2F0dGFjaG1lbnQ",
				Kind: relais.KindMessage, Private: true, Author: relais.Author{ID: "5192837465019283"}, Conversation: "5192837465019283",
				Text: "[image]", CreatedAt: time.UnixMilli(1732021060500).UTC(), ReceivedAt: receivedAt,
			},
			{
				Network: relais.Facebook, AccountID: fbPage, ID: "122104938475628_4758392016473829", ParentID: post1, PostID: post1,
				Kind: relais.KindComment, Author: relais.Author{ID: "3928475610293847", Name: "Inès Moreau"},
				Text: "Le brunch est servi jusqu’à quelle heure ?", CreatedAt: unix(1732021095), ReceivedAt: receivedAt,
			},
		},
		// The page's own answer, sent from Meta's inbox: written by the
		// page, in the customer's conversation.
		"message-echo": {{
			Network: relais.Facebook, AccountID: fbPage, ID: "m_T3VpLCDDoCAyMGggYydlc3QgcG9zc2libGVfcGFnZV9lY2hv",
			Kind: relais.KindMessage, Private: true, Author: relais.Author{ID: fbPage}, Conversation: leaPSID,
			Text: "Oui, à 20h c’est possible. À ce soir !", CreatedAt: time.UnixMilli(1732021200123).UTC(), ReceivedAt: receivedAt,
		}},
	},
	relais.Instagram: {
		"message": {
			{
				Network: relais.Instagram, AccountID: igUser, ID: "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1ODIyMzA0OTE0OjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI3NjAxNzc4MDgxOTYyNjM2NTozMTgxNjg4NjgwMDY1NzI4NjU0OTk4NTk3OTM1ODE0OTc2MAZDZD",
				Kind: relais.KindMessage, Private: true, Author: relais.Author{ID: leaIGSID}, Conversation: leaIGSID,
				Text: "Coucou ! C’est possible de privatiser la terrasse samedi ?", CreatedAt: time.UnixMilli(1732032000123).UTC(), ReceivedAt: receivedAt,
			},
			{
				Network: relais.Instagram, AccountID: igUser, ID: "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1ODIyMzA0OTE0OjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI3NjAxNzc4MDgxOTYyNjM2NTozMTgxNjg4NjgwMDY1NzI4NjU0OTk4NTk3OTM1ODE0OTc2MQZDZD",
				Kind: relais.KindMessage, Private: true, Author: relais.Author{ID: leaIGSID}, Conversation: leaIGSID,
				Text: "[reel]", CreatedAt: time.UnixMilli(1732032030000).UTC(), ReceivedAt: receivedAt,
			},
		},
		"comment": {{
			Network: relais.Instagram, AccountID: igUser, ID: igCommentID, ParentID: igMedia, PostID: igMedia,
			Kind: relais.KindComment, Author: relais.Author{ID: "17841401234567890", Name: "lea.martin"},
			Text: "Trop beau ✨ on vient ce week-end !", CreatedAt: unix(1732030000), ReceivedAt: receivedAt,
		}},
		"reply": {{
			Network: relais.Instagram, AccountID: igUser, ID: "17887766554433221", ParentID: igCommentID, PostID: igMedia,
			Kind: relais.KindReply, Author: relais.Author{ID: igUser, Name: "cafedesarts"},
			Text: "Avec plaisir Léa, à samedi !", CreatedAt: unix(1732030600), ReceivedAt: receivedAt,
		}},
		"mention": {{
			Network: relais.Instagram, AccountID: igUser, ID: "17876543210987654", PostID: "18098765432109876",
			Kind: relais.KindMention, CreatedAt: unix(1732031200), ReceivedAt: receivedAt,
		}},
	},
}

func TestParseSamples(t *testing.T) {
	for network, want := range wantSamples {
		for _, s := range inboundtest.Samples(t, network, slices.Collect(maps.Keys(want))) {
			t.Run(string(network)+"/"+s.Name, func(t *testing.T) {
				got, err := Parse(s.Body, receivedAt)
				if err != nil {
					t.Fatalf("parse: %v", err)
				}
				inboundtest.Equal(t, got, want[s.Name])
				inboundtest.Tampered(t, s.Body, func(b []byte) error {
					return Verify(appSecret, signed(appSecret, s.Body), b, receivedAt)
				})
			})
		}
	}
}

func TestParseSkips(t *testing.T) {
	tests := []struct{ name, body string }{
		{"reaction", `{"object":"page","entry":[{"id":"1","time":1,"changes":[{"field":"feed","value":{"item":"reaction","verb":"add","post_id":"1_2","reaction_type":"like"}}]}]}`},
		{"like", `{"object":"page","entry":[{"id":"1","time":1,"changes":[{"field":"feed","value":{"item":"like","verb":"add","post_id":"1_2"}}]}]}`},
		{"page post", `{"object":"page","entry":[{"id":"1","time":1,"changes":[{"field":"feed","value":{"item":"status","verb":"add","post_id":"1_2","message":"hello"}}]}]}`},
		{"hidden comment", `{"object":"page","entry":[{"id":"1","time":1,"changes":[{"field":"feed","value":{"item":"comment","verb":"hide","comment_id":"2_3","post_id":"1_2"}}]}]}`},
		{"other field", `{"object":"page","entry":[{"id":"1","time":1,"changes":[{"field":"ratings","value":{"rating":5,"created_time":[1]}}]}]}`},
		{"instagram story insights", `{"object":"instagram","entry":[{"id":"1","time":1,"changes":[{"field":"story_insights","value":{"media_id":"2","reach":3}}]}]}`},
		{"message delivery", `{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"delivery":{"mids":["m_1"],"watermark":1}}]}]}`},
		{"message read", `{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":2,"read":{"watermark":1}}]}]}`},
		{"message reaction", `{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":2,"reaction":{"mid":"m_1","action":"react","reaction":"love"}}]}]}`},
		{"postback", `{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":2,"postback":{"title":"Book","payload":"BOOK"}}]}]}`},
		{"message edit", `{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":2,"message_edit":{"mid":"m_1","text":"hi","num_edit":1}}]}]}`},
		{"event of an odd shape", `{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":"2","timestamp":"soon","read":7}]}]}`},
		{"instagram unsent message", `{"object":"instagram","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":2,"message":{"mid":"m_1","is_deleted":true}}]}]}`},
		{"standby", `{"object":"page","entry":[{"id":"1","time":1,"standby":[{"sender":{"id":"2"},"recipient":{"id":"1"},"timestamp":2,"message":{"mid":"m_1","text":"hi"}}]}]}`},
		{"no entries", `{"object":"page","entry":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.body), receivedAt)
			if err != nil || len(got) != 0 {
				t.Errorf("got %d interactions and %v, want none and no error", len(got), err)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	// secret stands for personal data in the body, which no error may quote.
	const secret = "S3cr3tPerson"
	tests := []struct{ name, body string }{
		{"not JSON", `S3cr3tPerson`},
		{"truncated", `{"object":"page","entry":[{"id":"S3cr3tPerson"`},
		{"array", `["S3cr3tPerson"]`},
		{"entry not a list", `{"object":"page","entry":"S3cr3tPerson"}`},
		{"unknown object", `{"object":"S3cr3tPerson","entry":[]}`},
		{"no object", `{"entry":[]}`},
		{"entry without id", `{"object":"page","entry":[{"time":1,"changes":[]}]}`},
		{"comment without id", `{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"item":"comment","verb":"add","post_id":"1_2","message":"S3cr3tPerson"}}]}]}`},
		{"comment value not an object", `{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":"S3cr3tPerson"}]}]}`},
		{"message not a string", `{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"2_3","message":{"S3cr3tPerson":1}}}]}]}`},
		{"bad created_time", `{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"2_3","created_time":"S3cr3tPerson"}}]}]}`},
		{"id with #", `{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"2#3"}}]}]}`},
		{"account with space", `{"object":"page","entry":[{"id":"1 2","changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"2_3"}}]}]}`},
		{"instagram comment without id", `{"object":"instagram","entry":[{"id":"1","changes":[{"field":"comments","value":{"text":"S3cr3tPerson","media":{"id":"2"}}}]}]}`},
		{"instagram mention without ids", `{"object":"instagram","entry":[{"id":"1","changes":[{"field":"mentions","value":{}}]}]}`},
		{"message without mid", `{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},"message":{"text":"S3cr3tPerson"}}]}]}`},
		{"message without sender", `{"object":"page","entry":[{"id":"1","messaging":[{"recipient":{"id":"1"},"message":{"mid":"m_1","text":"S3cr3tPerson"}}]}]}`},
		{"echo without recipient", `{"object":"instagram","entry":[{"id":"1","messaging":[{"sender":{"id":"1"},"message":{"mid":"m_1","is_echo":true,"text":"S3cr3tPerson"}}]}]}`},
		{"message not an object", `{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"message":"S3cr3tPerson"}]}]}`},
		{"messaging event not an object", `{"object":"page","entry":[{"id":"1","messaging":["S3cr3tPerson"]}]}`},
		{"bad message timestamp", `{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"timestamp":"S3cr3tPerson","message":{"mid":"m_1"}}]}]}`},
		{"mid with #", `{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"2"},"message":{"mid":"m#1","text":"S3cr3tPerson"}}]}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse([]byte(tt.body), receivedAt)
			if relais.ErrorCode(err) != relais.EINVALID {
				t.Fatalf("got %d interactions and %v, want an invalid error", len(got), err)
			}
			if msg := err.Error(); strings.Contains(msg, secret) || !strings.HasPrefix(msg, "meta webhook: ") {
				t.Errorf("message %q: want a meta webhook reason that quotes nothing of the body", msg)
			}
		})
	}
}

func TestParseTimes(t *testing.T) {
	iso := time.Date(2024, 11, 19, 10, 43, 15, 0, time.UTC)
	tests := []struct {
		created string // the created_time field, or "" for none
		want    time.Time
	}{
		{`1732013000`, unix(1732013000)},
		{`"1732013000"`, unix(1732013000)},
		{`"2024-11-19T10:43:15+0000"`, iso},
		{`"2024-11-19T11:43:15+01:00"`, iso},
		{`"2024-11-19T10:43:15Z"`, iso},
		{`null`, unix(1732000000)}, // the entry's time
		{"", unix(1732000000)},
	}
	for _, tt := range tests {
		t.Run(tt.created, func(t *testing.T) {
			field := ""
			if tt.created != "" {
				field = `,"created_time":` + tt.created
			}
			body := `{"object":"page","entry":[{"id":"1","time":1732000000,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"2_3"` + field + `}}]}]}`
			got, err := Parse([]byte(body), receivedAt)
			if err != nil || len(got) != 1 {
				t.Fatalf("got %d interactions and %v, want 1", len(got), err)
			}
			if !got[0].CreatedAt.Equal(tt.want) {
				t.Errorf("got %v, want %v", got[0].CreatedAt, tt.want)
			}
		})
	}
	t.Run("no time at all", func(t *testing.T) {
		body := `{"object":"page","entry":[{"id":"1","changes":[{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"2_3"}}]}]}`
		got, err := Parse([]byte(body), receivedAt)
		if err != nil || len(got) != 1 || !got[0].CreatedAt.Equal(receivedAt) {
			t.Fatalf("got %+v and %v, want one interaction created when received", got, err)
		}
	})
}

// TestParseLargeBatch splits Meta's largest batch, 1000 changes over many
// entries, into one interaction per comment.
func TestParseLargeBatch(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"object":"page","entry":[`)
	for e := range 10 {
		if e > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"id":"10` + strconv.Itoa(e) + `","time":1732000000,"changes":[`)
		for c := range 100 {
			if c > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`{"field":"feed","value":{"item":"comment","verb":"add","comment_id":"5_` + strconv.Itoa(e*100+c) + `","post_id":"10_5","parent_id":"10_5","from":{"id":"9","name":"N"},"message":"m","created_time":1732000000}}`)
		}
		b.WriteString(`]}`)
	}
	b.WriteString(`]}`)
	got, err := Parse([]byte(b.String()), receivedAt)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1000 {
		t.Fatalf("got %d interactions, want 1000", len(got))
	}
	if got[999].ID != "5_999" || got[999].AccountID != "109" {
		t.Errorf("last: got id %s account %s, want 5_999 on 109", got[999].ID, got[999].AccountID)
	}
}

// TestParseMessages covers what the samples do not: how a message without
// text is described (never by its URL), and its time.
func TestParseMessages(t *testing.T) {
	const url = "https://scontent.xx.fbcdn.net/secret-photo.jpg"
	tests := []struct {
		name, message string
		timestamp     string // the event's timestamp field, or "" for none
		wantText      string
		wantCreated   time.Time
	}{
		{"text", `{"mid":"m_1","text":"Bonjour"}`, `1732021000123`, "Bonjour", time.UnixMilli(1732021000123).UTC()},
		{"text with an image", `{"mid":"m_1","text":"Le menu","attachments":[{"type":"image","payload":{"url":"` + url + `"}}]}`, "", "Le menu", receivedAt},
		{"images and a file", `{"mid":"m_1","attachments":[{"type":"image","payload":{"url":"` + url + `"}},{"type":"image"},{"type":"file"}]}`, "", "[image] [image] [file]", receivedAt},
		{"sticker", `{"mid":"m_1","sticker_id":369239263222822,"attachments":[{"type":"image","payload":{"url":"` + url + `"}}]}`, "", "[sticker]", receivedAt},
		{"story mention", `{"mid":"m_1","attachments":[{"type":"story_mention","payload":{"url":"` + url + `"}}]}`, "", "[story mention]", receivedAt},
		{"unknown attachment", `{"mid":"m_1","attachments":[{"type":"hologram","payload":{"url":"` + url + `"}}]}`, "", "[attachment]", receivedAt},
		{"unsupported", `{"mid":"m_1","is_unsupported":true}`, "", "[unsupported message]", receivedAt},
		{"timestamp as a string", `{"mid":"m_1","text":"t"}`, `"1732021000123"`, "t", time.UnixMilli(1732021000123).UTC()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := ""
			if tt.timestamp != "" {
				ts = `"timestamp":` + tt.timestamp + `,`
			}
			body := `{"object":"page","entry":[{"id":"1","time":1,"messaging":[{"sender":{"id":"2"},"recipient":{"id":"1"},` + ts + `"message":` + tt.message + `}]}]}`
			got, err := Parse([]byte(body), receivedAt)
			if err != nil || len(got) != 1 {
				t.Fatalf("got %d interactions and %v, want 1", len(got), err)
			}
			if got[0].Text != tt.wantText {
				t.Errorf("text: got %q, want %q", got[0].Text, tt.wantText)
			}
			if !got[0].CreatedAt.Equal(tt.wantCreated) {
				t.Errorf("created: got %v, want %v", got[0].CreatedAt, tt.wantCreated)
			}
			if got[0].ByAccount() {
				t.Errorf("a customer's message is written by the account")
			}
		})
	}
	t.Run("echo", func(t *testing.T) {
		body := `{"object":"instagram","entry":[{"id":"1784","time":1,"messaging":[{"sender":{"id":"1784"},"recipient":{"id":"55"},"timestamp":1,"message":{"mid":"m_1","is_echo":true,"text":"Merci !"}}]}]}`
		got, err := Parse([]byte(body), receivedAt)
		if err != nil || len(got) != 1 {
			t.Fatalf("got %d interactions and %v, want 1", len(got), err)
		}
		if in := got[0]; !in.ByAccount() || in.Conversation != "55" || !in.Private || in.Kind != relais.KindMessage {
			t.Errorf("got %+v, want a private message by the account in conversation 55", in)
		}
	})
}
