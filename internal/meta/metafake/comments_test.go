package metafake

import (
	"net/url"
	"strings"
	"testing"
)

// published makes a Page post and an Instagram media on the fake and
// returns their ids.
func published(t *testing.T, target string) (pagePost, media string) {
	t.Helper()
	form := "application/x-www-form-urlencoded"
	p := send(t, "POST", target+"/1001/feed", form, "message=Automne&access_token="+pageToken)
	c := send(t, "POST", target+"/1784/media", form, url.Values{"image_url": {"https://cdn.example/m.jpg"}, "access_token": {igToken}}.Encode())
	m := send(t, "POST", target+"/1784/media_publish", form, url.Values{"creation_id": {c.body["id"].(string)}, "access_token": {igToken}}.Encode())
	pagePost, _ = p.body["id"].(string)
	media, _ = m.body["id"].(string)
	if pagePost == "" || media == "" {
		t.Fatalf("publish: got %v and %v", p.body, m.body)
	}
	return pagePost, media
}

func TestCommentOnPost(t *testing.T) {
	tests := []struct {
		name        string
		on          string // "page" or "media"
		token       string // the owner's when empty
		message     string
		wantCode    float64
		wantSubcode float64
	}{
		{name: "page post", on: "page", message: "Le lien : https://acme.example"},
		{name: "page at its limit", on: "page", message: strings.Repeat("é", maxPageComment)},
		{name: "page over its limit", on: "page", message: strings.Repeat("é", maxPageComment+1), wantCode: 100},
		{name: "media", on: "media", message: "#automne @acme"},
		{name: "media at its limits", on: "media", message: strings.Repeat("#a ", maxIGHashtags) + strings.Repeat("@b ", maxIGMentions)},
		{name: "media over its length", on: "media", message: strings.Repeat("a", maxIGComment+1), wantCode: 100},
		{name: "media over its hashtags", on: "media", message: strings.Repeat("#a ", maxIGHashtags+1), wantCode: 100},
		{name: "media over its @ tags", on: "media", message: strings.Repeat("@b ", maxIGMentions+1), wantCode: 100},
		{name: "signs inside words are no tags", on: "media", message: strings.Repeat("a#b c@d ", maxIGHashtags+1)},
		{name: "no message", on: "page", message: "  ", wantCode: 100},
		{name: "another account's post", on: "page", token: igToken, message: "x", wantCode: 100, wantSubcode: 33},
		{name: "wrong token", on: "media", token: "nope", message: "x", wantCode: 190},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, srv := newServer(t)
			pagePost, media := published(t, srv.URL)
			post, token := pagePost, pageToken
			if tt.on == "media" {
				post, token = media, igToken
			}
			if tt.token != "" {
				token = tt.token
			}
			a := send(t, "POST", srv.URL+"/v21.0/"+post+"/comments", "application/x-www-form-urlencoded",
				url.Values{"message": {tt.message}, "access_token": {token}}.Encode())
			if a.code != tt.wantCode || a.subcode != tt.wantSubcode {
				t.Fatalf("got code %v/%v, want %v/%v (%v)", a.code, a.subcode, tt.wantCode, tt.wantSubcode, a.body)
			}
			got := s.PostComments(post)
			if tt.wantCode != 0 {
				if len(got) != 0 {
					t.Errorf("comments: got %+v, want none", got)
				}
				return
			}
			owner := map[string]string{"page": pageID, "media": igID}[tt.on]
			if len(got) != 1 || got[0].ID != a.body["id"] || got[0].Author != owner || got[0].Message != tt.message {
				t.Errorf("comments: got %+v, want %v by %s", got, a.body["id"], owner)
			}
		})
	}
}

// A Page video's comments are its post's, named by either id; a Page
// comment's id starts with its post's number.
func TestCommentOnVideo(t *testing.T) {
	s, srv := newServer(t)
	v := send(t, "POST", srv.URL+"/1001/videos", "application/x-www-form-urlencoded",
		url.Values{"file_url": {"https://cdn.example/v.mp4"}, "access_token": {pageToken}}.Encode())
	video, _ := v.body["id"].(string)
	a := send(t, "POST", srv.URL+"/"+video+"/comments", "application/x-www-form-urlencoded", "message=Regardez&access_token="+pageToken)
	id, _ := a.body["id"].(string)
	post := s.Posts(pageID)[0].ID
	if want := strings.TrimPrefix(post, pageID+"_") + "_"; !strings.HasPrefix(id, want) {
		t.Errorf("comment id %q: want it to start with %q", id, want)
	}
	for _, name := range []string{video, post} {
		if got := s.PostComments(name); len(got) != 1 || got[0].ID != id {
			t.Errorf("comments of %s: got %+v, want %s", name, got, id)
		}
	}
}

// The comments edge lists a post's comments as each network shows them
// to the account: who wrote each, in the network's order, deleted ones
// left out.
func TestListPostComments(t *testing.T) {
	s, srv := newServer(t)
	pagePost, media := published(t, srv.URL)
	form := "application/x-www-form-urlencoded"
	for _, p := range []struct{ post, token string }{{pagePost, pageToken}, {media, igToken}} {
		s.AddPostComment(p.post, "lea-"+p.post, "lea", "Superbe")
		send(t, "POST", srv.URL+"/"+p.post+"/comments", form, "message=Merci&access_token="+p.token)
		s.AddPostComment(p.post, "gone-"+p.post, "hugo", "Spam")
		send(t, "DELETE", srv.URL+"/gone-"+p.post+"?access_token="+p.token, "", "")
	}
	tests := []struct {
		name, path string
		want       []string // "author: text" per comment, in order
	}{
		{name: "page, oldest first", path: "/" + pagePost + "/comments?fields=id,message,from&access_token=" + pageToken,
			want: []string{"lea: Superbe", pageID + ": Merci"}},
		{name: "page, newest first", path: "/" + pagePost + "/comments?order=reverse_chronological&access_token=" + pageToken,
			want: []string{pageID + ": Merci", "lea: Superbe"}},
		{name: "instagram, newest first, user only on the account's", path: "/" + media + "/comments?access_token=" + igToken,
			want: []string{"user " + igID + ": Merci", "username lea: Superbe"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := send(t, "GET", srv.URL+tt.path, "", "")
			data, _ := a.body["data"].([]any)
			var got []string
			for _, d := range data {
				c := d.(map[string]any)
				switch {
				case c["from"] != nil:
					got = append(got, c["from"].(map[string]any)["id"].(string)+": "+c["message"].(string))
				case c["user"] != nil:
					got = append(got, "user "+c["user"].(map[string]any)["id"].(string)+": "+c["text"].(string))
				default:
					got = append(got, "username "+c["username"].(string)+": "+c["text"].(string))
				}
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
