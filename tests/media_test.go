package tests

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/localaws"
	"github.com/relais-dev/relais/internal/relais"
)

// consoleCall is the console's call to the API of a local stack, as a
// person signed in: it answers the status and body.
type consoleCall func(method, path string, body any) (int, []byte)

func signedIn(t *testing.T, st *devstack.Stack, id auth.Identity) consoleCall {
	t.Helper()
	token, err := st.Issuer.Mint(id)
	must(t, err)
	return func(method, path string, body any) (int, []byte) {
		t.Helper()
		var rd io.Reader
		if body != nil {
			raw, err := json.Marshal(body)
			must(t, err)
			rd = bytes.NewReader(raw)
		}
		req, err := http.NewRequest(method, st.URL+path, rd)
		must(t, err)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Origin", st.URL)
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		must(t, err)
		return resp.StatusCode, b
	}
}

// browse makes a request as the console's page does, from its origin.
func browse(t *testing.T, method, url, origin string, body []byte, header map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	must(t, err)
	req.Header.Set("Origin", origin)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	must(t, err)
	return resp
}

// TestPostWithUploadedImage walks an image from the console to the
// network: declared to the API, PUT by the browser straight to the media
// bucket (the emulator's S3, on another port, which lets the console's
// origin in by CORS), completed, carried by a post, and handed by the
// publisher to the sandbox network as a URL it fetches.
func TestPostWithUploadedImage(t *testing.T) {
	ctx := context.Background()
	// Pre-signed URLs are dated by the wall clock.
	clock := localaws.NewManualClock(time.Now().Truncate(time.Second))
	st := stack(t, clock)
	st.Issuer.Now = clock.Now
	for _, c := range []relais.Client{
		{ID: "acme", Name: "Acme", TimeZone: "Europe/Paris", Locale: "fr", Approval: relais.ApprovalNone},
		{ID: "globex", Name: "Globex", TimeZone: "Europe/Paris", Locale: "fr", Approval: relais.ApprovalNone},
	} {
		must(t, st.Store.CreateClient(ctx, c))
		st.Sandbox.RegisterAccount(c.ID+"-page", "tok-"+c.ID)
		a := relais.Account{ClientID: c.ID, Network: relais.Sandbox, ID: c.ID + "-page"}
		must(t, st.Params.PutSecure(ctx, st.Settings.AccountTokenParameter(a), "tok-"+c.ID))
		must(t, st.Store.ConnectAccount(ctx, a))
	}
	call := signedIn(t, st, auth.Identity{Subject: "sub-max", Name: "max", Role: auth.Manager, Clients: []string{"acme", "globex"}})
	image := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte("relais"), 4000)...)

	status, body := call("POST", "/api/clients/acme/media", map[string]any{"type": "image/png", "size": len(image), "alt": "Croissants du matin"})
	var m struct {
		ID, Status, URL string
		Upload          struct {
			Method, URL string
			Headers     map[string]string
		}
	}
	must(t, json.Unmarshal(body, &m))
	if status != http.StatusCreated || m.Upload.Method != http.MethodPut {
		t.Fatalf("declare: got %d %s", status, body)
	}
	if !strings.HasPrefix(m.Upload.URL, st.Endpoints.AWS+"/"+st.Settings.MediaBucket+"/media/acme/") {
		t.Errorf("upload URL %s: want the media bucket, under the client's prefix", m.Upload.URL)
	}

	// The browser's preflight, then its PUT, from the console's origin.
	pre := browse(t, http.MethodOptions, m.Upload.URL, st.URL, nil,
		map[string]string{"Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type"})
	pre.Body.Close()
	if pre.StatusCode != http.StatusOK || pre.Header.Get("Access-Control-Allow-Origin") != st.URL {
		t.Fatalf("preflight from the console: got %d, allow-origin %q", pre.StatusCode, pre.Header.Get("Access-Control-Allow-Origin"))
	}
	put := browse(t, m.Upload.Method, m.Upload.URL, st.URL, image, m.Upload.Headers)
	put.Body.Close()
	if put.StatusCode != http.StatusOK || put.Header.Get("Access-Control-Allow-Origin") != st.URL {
		t.Fatalf("upload: got %d, allow-origin %q", put.StatusCode, put.Header.Get("Access-Control-Allow-Origin"))
	}
	if status, body = call("POST", "/api/clients/acme/media/"+m.ID+"/complete", nil); status != http.StatusOK || !strings.Contains(string(body), `"status":"ready"`) {
		t.Fatalf("complete: got %d %s", status, body)
	}

	// Another client's image is unknown to acme's posts, as one that does
	// not exist; acme's own is taken.
	paris, _ := time.LoadLocation("Europe/Paris")
	local := clock.Now().Add(10 * time.Minute).In(paris).Format("2006-01-02T15:04")
	other, otherBody := call("POST", "/api/clients/globex/posts", map[string]any{"account": "sandbox:globex-page", "at": local, "text": "Bonjour", "media": []string{m.ID}})
	unknown, unknownBody := call("POST", "/api/clients/globex/posts", map[string]any{"account": "sandbox:globex-page", "at": local, "text": "Bonjour", "media": []string{"m-nothing"}})
	if other != http.StatusUnprocessableEntity || unknown != other ||
		strings.Replace(string(otherBody), m.ID, "m-nothing", 1) != string(unknownBody) {
		t.Errorf("another client's image: got %d %s, want what an unknown one gets: %d %s", other, otherBody, unknown, unknownBody)
	}
	status, body = call("POST", "/api/clients/acme/posts", map[string]any{"account": "sandbox:acme-page", "at": local, "text": "Les croissants sont là", "media": []string{m.ID}})
	var post struct {
		ID          string
		ScheduledAt time.Time
		Media       []struct{ ID, Alt, URL string }
	}
	must(t, json.Unmarshal(body, &post))
	if status != http.StatusCreated || len(post.Media) != 1 || post.Media[0].Alt != "Croissants du matin" {
		t.Fatalf("schedule with the image: got %d %s", status, body)
	}

	clock.Set(post.ScheduledAt)
	st.AWS.RunDue(ctx)
	must(t, st.AWS.Drain(ctx))
	published, err := st.Store.Post(ctx, "acme", post.ID)
	must(t, err)
	if published.Status != relais.StatusPublished {
		t.Fatalf("post after its time: got %s (%s), want published", published.Status, published.FailureReason)
	}
	var onNetwork string
	for _, p := range st.Sandbox.Posts() {
		if p.ID == published.NetworkPostID {
			onNetwork = p.ImageURL
		}
	}
	if !strings.Contains(onNetwork, "/media/acme/"+m.ID+"?") || !strings.Contains(onNetwork, "X-Amz-Expires=3600") {
		t.Fatalf("the network's post: image URL %q, want the image, signed for an hour", onNetwork)
	}
	// The network fetches it, as Facebook and Instagram do, minutes later.
	clock.Advance(50 * time.Minute)
	resp, err := http.Get(onNetwork)
	must(t, err)
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	must(t, err)
	if resp.StatusCode != http.StatusOK || !bytes.Equal(got, image) || resp.Header.Get("Content-Type") != "image/png" {
		t.Errorf("the network's fetch: got %d, %s, %d bytes, want the image", resp.StatusCode, resp.Header.Get("Content-Type"), len(got))
	}
}
