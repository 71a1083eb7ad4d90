package mastodon

import (
	"testing"

	"github.com/relais-dev/relais/internal/mastodon/mastodonfake"
)

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, html, want string
	}{
		{"paragraphs and breaks", "<p>one<br />two</p><p>three</p>", "one\ntwo\n\nthree"},
		{"every br spelling", "<p>a<br>b<br/>c<BR />d</p>", "a\nb\nc\nd"},
		{"raw newlines, as simple_format leaves them", "<p>a\n<br />b</p>\n\n<p>c</p>", "a\nb\n\nc"},
		{"entities", "<p>&lt;b&gt; &amp; &quot;q&quot; &#39;s&#39; caf&eacute; &#8364;</p>", `<b> & "q" 's' café €`},
		{"link split into spans", `<p><a href="https://acme.example/a?b=1&amp;c=2" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">acme.example/a</span><span class="invisible">?b=1&amp;c=2</span></a></p>`, "https://acme.example/a?b=1&c=2"},
		{"hashtag", `<p>Jazz <a href="https://social.example/tags/jazz" class="mention hashtag" rel="tag">#<span>jazz</span></a></p>`, "Jazz #jazz"},
		{"local mention", `<p><span class="h-card" translate="no"><a href="https://social.example/@bob" class="u-url mention">@<span>bob</span></a></span> hi</p>`, "@bob hi"},
		{"'>' inside an attribute", `<p><a title="a>b" href="x">t</a></p>`, "t"},
		{"no markup", "plain", "plain"},
		{"unclosed tag", "a <b", "a <b"},
		{"pre is not p", "<p>a</p><pre>b</pre>", "ab"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plainText(tt.html); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestPlainTextOfRender: what the fake renders reads back unchanged,
// except where Mastodon's rendering loses something.
func TestPlainTextOfRender(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Hello", "Hello"},
		{"a\nb\n\nc", "a\nb\n\nc"},
		{"Café <b>&</b> https://www.acme.example/very/long/path/to/a/page?x=1&y=2.", "Café <b>&</b> https://www.acme.example/very/long/path/to/a/page?x=1&y=2."},
		{"\r\nwindows\r\nlines", "\nwindows\nlines"},
		// Lost: three newlines become one paragraph break.
		{"a\n\n\nb", "a\n\nb"},
	}
	for _, tt := range tests {
		if got := plainText(mastodonfake.Render(tt.text)); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestNextPage(t *testing.T) {
	const cur = "https://social.example/api/v1/accounts/1/statuses?limit=40"
	tests := []struct {
		name    string
		links   []string
		want    string
		wantErr bool
	}{
		{"none", nil, "", false},
		{"mastodon's", []string{`<https://social.example/api/v1/accounts/1/statuses?limit=40&max_id=9>; rel="next", <https://social.example/api/v1/accounts/1/statuses?limit=40&min_id=20>; rel="prev"`},
			"https://social.example/api/v1/accounts/1/statuses?limit=40&max_id=9", false},
		{"prev only", []string{`<https://social.example/x?min_id=20>; rel="prev"`}, "", false},
		{"next second, own header", []string{`<https://social.example/p>; rel="prev"`, `<https://social.example/n>; rel=next`}, "https://social.example/n", false},
		{"relative", []string{`</api/v1/accounts/1/statuses?max_id=9>; rel="next"`}, "https://social.example/api/v1/accounts/1/statuses?max_id=9", false},
		{"other host", []string{`<https://evil.example/steal>; rel="next"`}, "", true},
		{"plain http", []string{`<http://social.example/n>; rel="next"`}, "", true},
		{"malformed", []string{`https://social.example/n; rel="next"`, `garbage`}, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := nextPage(cur, tt.links)
			if got != tt.want || (err != nil) != tt.wantErr {
				t.Errorf("got %q, %v, want %q, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
