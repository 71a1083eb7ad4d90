package blueskyfake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

var (
	pngBytes = []byte("\x89PNG\r\n\x1a\n" + strings.Repeat("p", 100))
	pdfBytes = []byte("%PDF-1.7\n" + strings.Repeat("d", 100))
)

// upload sends bytes to uploadBlob with a Content-Type (none when empty).
func (p *pds) upload(access, typ string, b []byte) (int, map[string]any) {
	p.t.Helper()
	req, err := http.NewRequest("POST", p.srv.URL+"/xrpc/com.atproto.repo.uploadBlob", bytes.NewReader(b))
	if err != nil {
		p.t.Fatal(err)
	}
	if typ != "" {
		req.Header.Set("Content-Type", typ)
	}
	if access != "" {
		req.Header.Set("Authorization", "Bearer "+access)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		p.t.Fatalf("uploadBlob: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var out map[string]any
	_ = json.Unmarshal(body, &out)
	return resp.StatusCode, out
}

// mustUpload uploads bytes and returns the blob ref.
func (p *pds) mustUpload(access, typ string, b []byte) map[string]any {
	p.t.Helper()
	status, out := p.upload(access, typ, b)
	if status != http.StatusOK {
		p.t.Fatalf("uploadBlob: got %d %v", status, out)
	}
	return out["blob"].(map[string]any)
}

// withImages makes a post's createRecord body embedding images.
func (p *pds) withImages(name string, images ...map[string]any) string {
	p.t.Helper()
	b, err := json.Marshal(map[string]any{
		"repo": p.did, "collection": "app.bsky.feed.post", "rkey": tidOf(name),
		"record": map[string]any{
			"$type": "app.bsky.feed.post", "text": "Bonjour", "createdAt": "2026-11-22T09:00:00.000Z",
			"embed": map[string]any{"$type": "app.bsky.embed.images", "images": images},
		},
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return string(b)
}

func TestUploadBlob(t *testing.T) {
	p := newPDS(t)
	access, _ := p.login()
	p.s.BlobUploadLimit = 1000
	tests := []struct {
		name       string
		bearer     string
		typ        string
		body       []byte
		wantStatus int
		wantError  string
		wantType   string
	}{
		{name: "image", bearer: access, typ: "image/png", body: pngBytes, wantStatus: 200, wantType: "image/png"},
		{name: "the bytes' type over the declared one", bearer: access, typ: "image/png", body: pdfBytes, wantStatus: 200, wantType: "application/pdf"},
		{name: "unknown bytes keep the declared type", bearer: access, typ: "image/heic", body: []byte("\x00\x01\x02heic"), wantStatus: 200, wantType: "image/heic"},
		{name: "at the limit", bearer: access, typ: "image/png", body: append(pngBytes, make([]byte, 1000-len(pngBytes))...), wantStatus: 200, wantType: "image/png"},
		{name: "over the limit", bearer: access, typ: "image/png", body: append(pngBytes, make([]byte, 1001-len(pngBytes))...), wantStatus: 413, wantError: "PayloadTooLarge"},
		{name: "no type", bearer: access, body: pngBytes, wantStatus: 400, wantError: "InvalidRequest"},
		{name: "no token", typ: "image/png", body: pngBytes, wantStatus: 401, wantError: "AuthenticationRequired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, out := p.upload(tt.bearer, tt.typ, tt.body)
			if status != tt.wantStatus || (tt.wantError != "" && out["error"] != tt.wantError) {
				t.Fatalf("got %d %v, want %d %s", status, out, tt.wantStatus, tt.wantError)
			}
			if tt.wantError != "" {
				return
			}
			blob := out["blob"].(map[string]any)
			link := blob["ref"].(map[string]any)["$link"].(string)
			if got, want := blob["mimeType"], tt.wantType; got != want {
				t.Errorf("mimeType: got %v, want %s", got, want)
			}
			if got, want := blob["size"], float64(len(tt.body)); got != want {
				t.Errorf("size: got %v, want %v", got, want)
			}
			if blob["$type"] != "blob" || !strings.HasPrefix(link, "bafkrei") {
				t.Errorf("blob ref: got %v, want a typed blob ref to a raw CID", blob)
			}
		})
	}
	// The same bytes make the same blob.
	first, again := p.mustUpload(access, "image/png", pngBytes), p.mustUpload(access, "image/png", pngBytes)
	if first["ref"].(map[string]any)["$link"] != again["ref"].(map[string]any)["$link"] {
		t.Errorf("the same bytes: got %v and %v", first, again)
	}
}

// TestPostImages: a post embeds the images its account uploaded, within
// the lexicon's limits.
func TestPostImages(t *testing.T) {
	p := newPDS(t)
	access, _ := p.login()
	own := p.mustUpload(access, "image/png", pngBytes)
	pdf := p.mustUpload(access, "application/pdf", pdfBytes)

	p.s.RegisterAccount("globex.bsky.social", "globex-pass")
	_, out := p.call("POST", "com.atproto.server.createSession", "", `{"identifier":"globex.bsky.social","password":"globex-pass"}`)
	others := p.mustUpload(out["accessJwt"].(string), "image/png", append(pngBytes, 'g'))

	with := func(blob map[string]any, change func(b map[string]any)) map[string]any {
		b := map[string]any{}
		for k, v := range blob {
			b[k] = v
		}
		if change != nil {
			change(b)
		}
		return b
	}
	image := func(blob map[string]any) map[string]any { return map[string]any{"image": blob, "alt": "Croissants"} }

	status, res := p.call("POST", "com.atproto.repo.createRecord", access,
		p.withImages("ok", map[string]any{"image": own, "alt": "Croissants du matin", "aspectRatio": map[string]int{"width": 4, "height": 3}}))
	if status != http.StatusOK {
		t.Fatalf("post with an image: got %d %v", status, res)
	}
	recs := p.s.Records(p.did)
	if len(recs) != 1 || len(recs[0].Images) != 1 {
		t.Fatalf("records: got %+v, want one post with one image", recs)
	}
	im := recs[0].Images[0]
	if im.Alt != "Croissants du matin" || im.MimeType != "image/png" || im.Size != len(pngBytes) || !bytes.Equal(im.Bytes, pngBytes) ||
		im.AspectRatio == nil || *im.AspectRatio != (AspectRatio{Width: 4, Height: 3}) {
		t.Errorf("image: got %+v", im)
	}

	tests := []struct {
		name      string
		images    []map[string]any
		maxSize   int
		wantError string
		wantSays  string
	}{
		{name: "unknown blob", images: []map[string]any{image(with(own, func(b map[string]any) { b["ref"] = map[string]any{"$link": "bafkreinope"} }))}, wantError: "BlobNotFound", wantSays: "Could not find blob"},
		{name: "another account's blob", images: []map[string]any{image(others)}, wantError: "BlobNotFound", wantSays: "Could not find blob"},
		{name: "another type than the blob's", images: []map[string]any{image(with(pdf, func(b map[string]any) { b["mimeType"] = "image/png" }))}, wantError: "InvalidMimeType"},
		{name: "another size than the blob's", images: []map[string]any{image(with(own, func(b map[string]any) { b["size"] = 3 }))}, wantError: "InvalidSize"},
		{name: "not an image", images: []map[string]any{image(pdf)}, wantError: "InvalidRequest", wantSays: `Expected "image/*" (got "application/pdf")`},
		{name: "over the lexicon's size", images: []map[string]any{image(own)}, maxSize: len(pngBytes) - 1, wantError: "InvalidRequest", wantSays: "blob too big"},
		{name: "no alt", images: []map[string]any{{"image": own}}, wantError: "InvalidRequest", wantSays: `Missing required key "alt"`},
		{name: "five images", images: []map[string]any{image(own), image(own), image(own), image(own), image(own)}, wantError: "InvalidRequest", wantSays: "array too big"},
		{name: "not a blob ref", images: []map[string]any{image(map[string]any{"cid": "bafkreinope"})}, wantError: "InvalidRequest", wantSays: "Expected blob"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p.s.MaxImageSize = DefaultMaxImageSize
			if tt.maxSize != 0 {
				p.s.MaxImageSize = tt.maxSize
			}
			status, out := p.call("POST", "com.atproto.repo.createRecord", access, p.withImages("refused", tt.images...))
			msg, _ := out["message"].(string)
			if status != http.StatusBadRequest || out["error"] != tt.wantError || !strings.Contains(msg, tt.wantSays) {
				t.Errorf("got %d %v, want 400 %s saying %q", status, out, tt.wantError, tt.wantSays)
			}
		})
	}
	body := `{"repo":"` + p.did + `","collection":"app.bsky.feed.post","rkey":"` + tidOf("link") + `","record":{"text":"a","createdAt":"2026-11-22T09:00:00Z","embed":{"$type":"app.bsky.embed.external","external":{}}}}`
	if status, out := p.call("POST", "com.atproto.repo.createRecord", access, body); status != http.StatusBadRequest || !strings.Contains(out["message"].(string), "blueskyfake keeps only") {
		t.Errorf("another embed: got %d %v, want it refused", status, out)
	}
	if got := len(p.s.Records(p.did)); got != 1 {
		t.Errorf("records after the refusals: got %d, want 1", got)
	}
}

func TestDropUnusedBlobs(t *testing.T) {
	p := newPDS(t)
	access, _ := p.login()
	used := p.mustUpload(access, "image/png", pngBytes)
	unused := p.mustUpload(access, "image/jpeg", append([]byte("\xff\xd8\xff"), pngBytes...))
	if status, out := p.call("POST", "com.atproto.repo.createRecord", access, p.withImages("a", map[string]any{"image": used, "alt": ""})); status != 200 {
		t.Fatalf("createRecord: got %d %v", status, out)
	}
	p.s.DropUnusedBlobs()
	status, out := p.call("POST", "com.atproto.repo.createRecord", access, p.withImages("b", map[string]any{"image": used, "alt": ""}, map[string]any{"image": unused, "alt": ""}))
	if status != 400 || out["error"] != "BlobNotFound" {
		t.Errorf("post with a dropped blob: got %d %v, want 400 BlobNotFound", status, out)
	}
	if status, out := p.call("POST", "com.atproto.repo.createRecord", access, p.withImages("c", map[string]any{"image": used, "alt": ""})); status != 200 {
		t.Errorf("post with a kept blob: got %d %v, want 200", status, out)
	}
}
