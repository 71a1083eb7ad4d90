package linkedinfake

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// withPost is a fake with organization 42 and one post of it, and the
// post's URN.
func withPost(t *testing.T) (*Server, *httptest.Server, string) {
	t.Helper()
	s := New()
	s.RegisterOrganization("42", token)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	if status, code := send(t, srv, "POST", "/rest/posts", post); status != 201 {
		t.Fatalf("post: got %d %q", status, code)
	}
	return s, srv, s.Posts("42")[0].ID
}

// commentsOf is the path of the comments on a post or comment.
func commentsOf(target string) string {
	return "/rest/socialActions/" + url.QueryEscape(target) + "/comments"
}

// commentBy is organization 42's comment on a post, with text.
func commentBy(post, text string) string {
	b, _ := json.Marshal(map[string]any{"actor": "urn:li:organization:42", "object": post, "message": map[string]string{"text": text}})
	return string(b)
}

func TestCommentLimit(t *testing.T) {
	tests := []struct {
		name       string
		text       string
		wantStatus int
		wantCode   string
	}{
		{name: "at the limit", text: strings.Repeat("é", maxComment), wantStatus: 201},
		{name: "over the limit", text: strings.Repeat("é", maxComment+1), wantStatus: 422, wantCode: "INVALID_VALUE"},
		{name: "no text", text: " ", wantStatus: 422, wantCode: "INVALID_VALUE"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, srv, urn := withPost(t)
			status, code := send(t, srv, "POST", commentsOf(urn), commentBy(urn, tt.text))
			if status != tt.wantStatus || code != tt.wantCode {
				t.Errorf("got %d %q, want %d %q", status, code, tt.wantStatus, tt.wantCode)
			}
			if got, want := len(s.PostComments(urn)), map[bool]int{true: 1}[status == 201]; got != want {
				t.Errorf("comments: got %d, want %d", got, want)
			}
		})
	}
}

func TestListComments(t *testing.T) {
	s, srv, urn := withPost(t)
	var top []string
	for i := range 3 {
		top = append(top, s.AddComment(Comment{OrgID: "42", Object: urn, Actor: "urn:li:person:lea", Text: fmt.Sprint("Superbe ", i)}))
	}
	nested := s.AddComment(Comment{OrgID: "42", Object: urn, Actor: "urn:li:organization:42", Text: "Merci", ParentComment: top[0]})
	gone := s.AddComment(Comment{OrgID: "42", Object: urn, Actor: "urn:li:person:hugo", Text: "Spam"})
	id := gone[strings.LastIndexByte(gone, ',')+1 : len(gone)-1]
	if status, _ := send(t, srv, "DELETE", commentsOf(urn)+"/"+id+"?actor=urn%3Ali%3Aorganization%3A42", ""); status != 204 {
		t.Fatalf("delete: got %d", status)
	}
	tests := []struct {
		name       string
		path       string
		wantStatus int
		want       []string // the comments' URNs, in order
		wantTotal  int
	}{
		{name: "a post's top-level comments", path: commentsOf(urn), wantStatus: 200, want: top, wantTotal: 3},
		{name: "a page of them", path: commentsOf(urn) + "?start=1&count=1", wantStatus: 200, want: top[1:2], wantTotal: 3},
		{name: "past the end", path: commentsOf(urn) + "?start=5", wantStatus: 200, want: nil, wantTotal: 3},
		{name: "a comment's nested comments", path: commentsOf(top[0]), wantStatus: 200, want: []string{nested}, wantTotal: 1},
		{name: "unknown post", path: commentsOf("urn:li:share:1"), wantStatus: 404},
		{name: "count too large", path: commentsOf(urn) + "?count=101", wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, b := do(t, "GET", srv.URL+tt.path, token, "")
			if status != tt.wantStatus {
				t.Fatalf("got %d, want %d (%s)", status, tt.wantStatus, b)
			}
			if status != 200 {
				return
			}
			var page struct {
				Elements []struct {
					CommentURN string `json:"commentUrn"`
					Message    struct {
						Text string `json:"text"`
					} `json:"message"`
					Created struct {
						Time int64 `json:"time"`
					} `json:"created"`
				} `json:"elements"`
				Paging struct {
					Total int `json:"total"`
				} `json:"paging"`
			}
			if err := json.Unmarshal(b, &page); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range page.Elements {
				if e.Message.Text == "" || e.Created.Time == 0 {
					t.Errorf("comment %s: got no text or time", e.CommentURN)
				}
				got = append(got, e.CommentURN)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") || page.Paging.Total != tt.wantTotal {
				t.Errorf("got %q of %d, want %q of %d", got, page.Paging.Total, tt.want, tt.wantTotal)
			}
		})
	}
}
