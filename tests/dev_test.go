package tests

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/dynamolocal"
	"github.com/relais-dev/relais/internal/dynamolocal/bundle"
	"github.com/relais-dev/relais/internal/networks"
	relaisdomain "github.com/relais-dev/relais/internal/relais"
)

// TestDevAndCLI runs relais dev as a user would, from a folder outside the
// source tree with an empty cache, drives it with the CLI from the same
// folder, then stops it with SIGTERM and checks that nothing is left
// running.
func TestDevAndCLI(t *testing.T) {
	root, err := filepath.Abs("..")
	must(t, err)
	if _, err := os.Stat(filepath.Join(root, "internal", "dynamolocal", "bundle", "archive", bundle.Name)); err != nil {
		t.Fatalf("the relais binary would carry no DynamoDB Local (run make deps): %v", err)
	}
	bin := filepath.Join(t.TempDir(), "relais")
	build := exec.Command("go", "build", "-o", bin, "./cmd/relais")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build relais: %v\n%s", err, out)
	}
	dir, cache := t.TempDir(), t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, dynamolocal.EnvDir+"=") {
			env = append(env, kv)
		}
	}
	// os.UserCacheDir reads XDG_CACHE_HOME on Linux.
	env = append(env, "XDG_CACHE_HOME="+cache)
	for _, w := range networks.Secrets() {
		env = append(env, w.Env+"="+webhookSecret)
	}
	relais := func(stdin string, args ...string) (string, string, int) {
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env, cmd.Stdin = dir, env, strings.NewReader(stdin)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return out.String(), errOut.String(), code
	}

	_, stderr, code := relais("", "--local", "client", "list")
	if code != 1 || !strings.Contains(stderr, "relais dev") {
		t.Errorf("CLI with no stack running: got exit %d and %q, want exit 1 naming relais dev", code, stderr)
	}

	dev := exec.Command(bin, "dev", "--addr", "127.0.0.1:0")
	dev.Dir, dev.Env = dir, env
	var devOut bytes.Buffer
	dev.Stdout, dev.Stderr = &devOut, &devOut
	must(t, dev.Start())
	stopped := false
	defer func() {
		if !stopped {
			dev.Process.Kill()
			dev.Wait()
		}
	}()
	var st devstack.State
	deadline := time.Now().Add(90 * time.Second)
	for {
		if st, err = devstack.ReadState(filepath.Join(dir, ".relais")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("relais dev wrote no state file: %s", devOut.String())
		}
		time.Sleep(100 * time.Millisecond)
	}

	if _, err := os.Stat(filepath.Join(cache, "relais", "dynamodb-local-"+dynamolocal.Version, "DynamoDBLocal.jar")); err != nil {
		t.Errorf("DynamoDB Local not installed in the user's cache: %v", err)
	}

	steps := []struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"", []string{"--local", "client", "add", "acme", "--name", "Acme", "--timezone", "Europe/Paris", "--locale", "fr", "--brand", "Acme"}, 0, "client acme added"},
		{"", []string{"--local", "client", "add", "acme", "--name", "Acme", "--timezone", "Europe/Paris", "--locale", "fr"}, 1, "already exists"},
		{"", []string{"--local", "client", "add", "bad", "--name", "Bad", "--timezone", "Mars/Base", "--locale", "fr"}, 1, "unknown time zone"},
		{"", []string{"--local", "client", "add", "x", "--name", "X", "--locale", "fr"}, 2, "--timezone is required"},
		{"tok-acme\n", []string{"--local", "account", "connect", "acme", "--network", "sandbox", "--id", "acme-page"}, 0, "token stored"},
		{"", []string{"--local", "account", "connect", "acme", "--network", "myspace", "--id", "p"}, 1, "unknown network"},
		{"", []string{"--local", "post", "schedule", "acme", "--account", "sandbox", "--at", "2026-12-01T09:00", "--text", "x"}, 1, "invalid account"},
		{"", []string{"--local", "post", "schedule", "acme", "--account", "sandbox:acme-page", "--at", "2020-01-01T09:00", "--text", "x"}, 1, "in the past"},
		{"", []string{"--local", "post", "schedule", "acme", "--account", "sandbox:acme-page", "--at", "2027-03-28T02:30", "--text", "x"}, 1, "does not exist"},
		{"", []string{"--local", "post", "frobnicate"}, 2, "unknown command"},
	}
	for _, s := range steps {
		out, errOut, code := relais(s.stdin, s.args...)
		if code != s.code || !strings.Contains(out+errOut, s.want) {
			t.Errorf("relais %s: got exit %d, %q, want exit %d and %q", strings.Join(s.args, " "), code, out+errOut, s.code, s.want)
		}
		if code != 0 && strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
			t.Errorf("relais %s: error is not one line: %q", strings.Join(s.args, " "), errOut)
		}
	}

	at := time.Now().Add(2 * time.Second).In(mustZone(t, "Europe/Paris")).Format("2006-01-02T15:04:05")
	out, errOut, code := relais("", "--local", "post", "schedule", "acme", "--account", "sandbox:acme-page", "--at", at, "--text", "Bonjour de relais dev")
	if code != 0 {
		t.Fatalf("post schedule: exit %d: %s", code, errOut)
	}
	id := strings.TrimSpace(out)
	var shown struct {
		Status        string    `json:"status"`
		NetworkPostID string    `json:"networkPostId"`
		ScheduledAt   time.Time `json:"scheduledAt"`
	}
	for deadline := time.Now().Add(20 * time.Second); ; {
		out, errOut, code = relais("", "--local", "post", "show", id, "--json")
		if code != 0 {
			t.Fatalf("post show: exit %d: %s", code, errOut)
		}
		must(t, json.Unmarshal([]byte(out), &shown))
		if shown.Status == "published" || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if shown.Status != "published" || shown.NetworkPostID == "" {
		t.Fatalf("post after its time: got status %q network id %q, want published", shown.Status, shown.NetworkPostID)
	}
	// The sandbox network lists it once, within a second of its time.
	resp, err := http.Get(st.URL + "/sandbox/posts")
	must(t, err)
	var onNetwork []struct {
		ID        string    `json:"id"`
		CreatedAt time.Time `json:"createdAt"`
	}
	must(t, json.NewDecoder(resp.Body).Decode(&onNetwork))
	resp.Body.Close()
	if len(onNetwork) != 1 || onNetwork[0].ID != shown.NetworkPostID {
		t.Fatalf("sandbox posts: got %+v, want only %s", onNetwork, shown.NetworkPostID)
	}
	if late := onNetwork[0].CreatedAt.Sub(shown.ScheduledAt); late < 0 || late > time.Second {
		t.Errorf("post reached the network %s after its time, want within a second", late)
	}

	// The lifecycle around a post: guards, approval, rescheduling, pause.
	later := time.Now().Add(48 * time.Hour).In(mustZone(t, "Europe/Paris")).Format("2006-01-02T15:04")
	sched := func(client, text string, extra ...string) []string {
		return append([]string{"--local", "post", "schedule", client, "--account", "sandbox:" + client + "-page", "--at", later, "--text", text}, extra...)
	}
	lifecycle := []struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"", []string{"--local", "client", "add", "globex", "--name", "Globex", "--timezone", "America/New_York", "--locale", "en", "--brand", "Globex"}, 0, "client globex added"},
		{"", sched("acme", "Bien mieux que Globex !"), 1, `names "Globex", a brand of client globex`},
		{"", sched("acme", "Bien mieux que Globex !", "--force"), 0, ""},
		{"", sched("acme", "Appelez le 06 12 34 56 78"), 1, "phone number"},
		{"", sched("acme", "Appelez le 06 12 34 56 78", "--confirm"), 0, ""},
		{"", []string{"--local", "client", "add", "initech", "--name", "Initech", "--timezone", "Europe/Paris", "--locale", "fr", "--approval", "required", "--approver", "alice"}, 0, "client initech added"},
		{"tok-initech\n", []string{"--local", "account", "connect", "initech", "--network", "sandbox", "--id", "initech-page"}, 0, "token stored"},
		{"", sched("initech", "À valider", "--json"), 0, `"status": "pending_approval"`},
	}
	for _, s := range lifecycle {
		out, errOut, code := relais(s.stdin, s.args...)
		if code != s.code || !strings.Contains(out+errOut, s.want) {
			t.Errorf("relais %s: got exit %d, %q, want exit %d and %q", strings.Join(s.args, " "), code, out+errOut, s.code, s.want)
		}
	}
	out, _, _ = relais("", "--local", "post", "list", "initech", "--json")
	var pending []struct {
		ID string `json:"id"`
	}
	must(t, json.Unmarshal([]byte(out), &pending))
	if len(pending) != 1 {
		t.Fatalf("initech posts: got %d, want 1", len(pending))
	}
	for _, s := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--local", "post", "approve", pending[0].ID, "--by", "bob"}, 1, "bob may not approve"},
		{[]string{"--local", "post", "approve", pending[0].ID, "--by", "alice"}, 0, "approved by alice: scheduled"},
		{[]string{"--local", "post", "reschedule", pending[0].ID, "--at", time.Now().Add(72 * time.Hour).In(mustZone(t, "Europe/Paris")).Format("2006-01-02T15:04")}, 0, "rescheduled"},
		{[]string{"--local", "client", "pause", "acme"}, 0, "2 scheduled posts on hold"},
		{[]string{"--local", "client", "resume", "acme"}, 0, "2 posts scheduled again"},
		{[]string{"--local", "post", "show", pending[0].ID}, 0, "approved"},
	} {
		out, errOut, code := relais("", s.args...)
		if code != s.code || !strings.Contains(out+errOut, s.want) {
			t.Errorf("relais %s: got exit %d, %q, want exit %d and %q", strings.Join(s.args, " "), code, out+errOut, s.code, s.want)
		}
	}

	checkWebhooks(t, root, st.URL, relais)
	checkInbox(t, relais)
	checkAPI(t, st.URL, relais)

	must(t, dev.Process.Signal(syscall.SIGTERM))
	done := make(chan error, 1)
	go func() { done <- dev.Wait() }()
	select {
	case err := <-done:
		stopped = true
		if err != nil {
			t.Errorf("relais dev after SIGTERM: %v\n%s", err, devOut.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("relais dev did not stop within 30 s of SIGTERM")
	}
	if _, err := os.Stat(filepath.Join(dir, ".relais", devstack.StateFileName)); !os.IsNotExist(err) {
		t.Errorf("state file after stop: got %v, want it removed", err)
	}
	for name, url := range map[string]string{"webhooks": st.URL, "DynamoDB Local": st.Endpoints.DynamoDB, "AWS emulator": st.Endpoints.AWS} {
		host := strings.TrimPrefix(url, "http://")
		if c, err := net.DialTimeout("tcp", host, time.Second); err == nil {
			c.Close()
			t.Errorf("%s still answers at %s after relais dev stopped", name, host)
		}
	}
}

// checkInbox works a Messenger conversation from the webhook samples with
// the CLI: listed, shown, assigned, noted, tagged, answered in private
// after its window closed (refused, nothing sent), closed; and the
// client's saved replies and service targets.
func checkInbox(t *testing.T, relais func(stdin string, args ...string) (string, string, int)) {
	t.Helper()
	// The moderator puts each delivered message on its thread.
	thread := "facebook:dm-6283749102837465"
	for deadline := time.Now().Add(20 * time.Second); ; {
		out, _, _ := relais("", "--local", "inbox", "threads", "acme", "--network", "facebook")
		if strings.Contains(out, thread) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("inbox threads: %s lacks %s", out, thread)
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, s := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"inbox", "thread", thread}, 0, "avez-vous une table pour 4"},
		{[]string{"inbox", "assign", thread, "--to", "camille"}, 0, "assigned to camille"},
		{[]string{"inbox", "note", thread, "--text", "Rappeler pour la terrasse", "--by", "max"}, 0, ""},
		{[]string{"inbox", "tag", thread, "--tag", "Réservation"}, 0, "tags: réservation"},
		{[]string{"inbox", "reply", thread, "--private", "--text", "Oui, à 20 h !"}, 1, "window closed at 2024-11-26"},
		{[]string{"inbox", "reply", thread, "--text", "Oui, à 20 h !"}, 1, "never answered in public"},
		{[]string{"inbox", "done", thread}, 0, "done"},
		{[]string{"inbox", "thread", thread, "--json"}, 0, `"status": "done"`},
		{[]string{"inbox", "thread", thread}, 0, "note max"},
		{[]string{"inbox", "threads", "acme", "--status", "done"}, 0, thread},
		{[]string{"inbox", "saved", "set", "acme", "merci", "--lang", "fr", "--text", "Merci {first_name} !"}, 0, "saved reply merci (fr) kept"},
		{[]string{"inbox", "saved", "set", "acme", "oops", "--lang", "fr", "--text", "Bonjour {prenom}"}, 1, "unknown variable {prenom}"},
		{[]string{"inbox", "saved", "list", "acme"}, 0, "Merci {first_name} !"},
		{[]string{"inbox", "saved", "remove", "acme", "merci"}, 0, "forgotten"},
		{[]string{"client", "targets", "acme", "--target", "message 4h", "--target", "complaint 1h mon-fri 09:00-18:00"}, 0, "complaint 1h mon,tue,wed,thu,fri 09:00-18:00"},
		{[]string{"client", "targets", "acme", "--target", "complaint soon"}, 1, "the delay is a duration"},
		{[]string{"inbox", "thread", "facebook:nope"}, 1, "no client has a facebook thread nope"},
	} {
		out, errOut, code := relais("", append([]string{"--local"}, s.args...)...)
		if code != s.code || !strings.Contains(out+errOut, s.want) {
			t.Errorf("relais %s: got exit %d, %q, want exit %d and %q", strings.Join(s.args, " "), code, out+errOut, s.code, s.want)
		}
	}
}

// webhookSecret is every network's webhook secret and Meta's verify
// token in relais dev.
const webhookSecret = "dev-secret-1f2e"

// checkWebhooks is what a new user does with each network's webhook:
// answer its handshake, connect the accounts of its samples, post each
// signed sample twice and find each comment once in the inbox.
func checkWebhooks(t *testing.T, root, url string, relais func(stdin string, args ...string) (string, string, int)) {
	t.Helper()
	for _, h := range []struct{ query, want string }{
		{"/webhooks/meta?hub.mode=subscribe&hub.verify_token=" + webhookSecret + "&hub.challenge=4242", "4242"},
		{"/webhooks/x?crc_token=abc", `"response_token":"sha256=`},
		{"/webhooks/linkedin?challengeCode=c0ffee", `"challengeResponse":"`},
	} {
		resp, err := http.Get(url + h.query)
		must(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), h.want) {
			t.Errorf("handshake %s: got %d %q, want 200 with %q", h.query, resp.StatusCode, body, h.want)
		}
	}
	// Each sample folder is a network's: its spec says how to read and
	// where to post it.
	webhookOf := func(network string) *relaisdomain.Webhook {
		s, ok := relaisdomain.SpecOf(relaisdomain.Network(network))
		if !ok || s.Webhook == nil {
			t.Fatalf("events/webhooks/%s: no registered network with a webhook", network)
		}
		return s.Webhook
	}
	want := map[string]bool{}
	connected := map[string]bool{}
	files, err := filepath.Glob(filepath.Join(root, "events", "webhooks", "*", "*.json"))
	must(t, err)
	for _, f := range files {
		network := filepath.Base(filepath.Dir(f))
		b, err := os.ReadFile(f)
		must(t, err)
		ins, err := webhookOf(network).Parse(b, time.Now())
		must(t, err)
		for _, in := range ins {
			ref := relaisdomain.AccountRef{Network: in.Network, ID: in.AccountID}.Canonical()
			if !connected[ref.String()] {
				connected[ref.String()] = true
				if _, errOut, code := relais("", "--local", "account", "connect", "acme", "--network", string(ref.Network), "--id", ref.ID); code != 0 {
					t.Fatalf("connect %s: %s", ref, errOut)
				}
			}
			if !in.ByAccount() {
				want[string(in.Network)+"/"+in.ID] = true
			}
		}
	}
	for _, f := range files {
		for range 2 {
			if _, errOut, code := relais("", "--local", "webhook", "send", webhookOf(filepath.Base(filepath.Dir(f))).Path, f); code != 0 {
				t.Errorf("webhook send %s: exit %d: %s", f, code, errOut)
			}
		}
	}
	out, errOut, code := relais("", "--local", "inbox", "acme", "--json", "--limit", "1000")
	if code != 0 {
		t.Fatalf("inbox: exit %d: %s", code, errOut)
	}
	var inbox []relaisdomain.Interaction
	must(t, json.Unmarshal([]byte(out), &inbox))
	got := map[string]int{}
	for _, in := range inbox {
		if in.Network != relaisdomain.Sandbox {
			got[string(in.Network)+"/"+in.ID]++
		}
	}
	for id := range want {
		if got[id] != 1 {
			t.Errorf("inbox: %s listed %d times, want once", id, got[id])
		}
	}
	if len(got) != len(want) {
		t.Errorf("inbox: %d network interactions, want %d", len(got), len(want))
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	must(t, err)
	return loc
}

// checkAPI signs in as relais token makes it possible and calls the API
// on the stack's own address: the same verification as in AWS, against
// the local issuer's published keys.
func checkAPI(t *testing.T, url string, relais func(stdin string, args ...string) (string, string, int)) {
	t.Helper()
	if _, errOut, code := relais("", "--local", "token", "--user", "rita", "--role", "reviewer"); code != 2 || !strings.Contains(errOut, "exactly one client") {
		t.Errorf("token for a reviewer of no client: got exit %d %q, want a usage error", code, errOut)
	}
	call := func(token string) (int, string) {
		req, err := http.NewRequest(http.MethodGet, url+"/api/clients", nil)
		must(t, err)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		must(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := call(""); code != http.StatusUnauthorized {
		t.Errorf("API without a token: got %d %s, want 401", code, body)
	}
	for _, tt := range []struct {
		args       []string
		want, skip string
	}{
		{[]string{"--user", "ada", "--role", "admin"}, `"id":"globex"`, ""},
		{[]string{"--user", "max", "--role", "manager", "--client", "acme"}, `"id":"acme"`, `"id":"globex"`},
	} {
		out, errOut, code := relais("", append([]string{"--local", "token"}, tt.args...)...)
		if code != 0 {
			t.Fatalf("relais token %v: exit %d: %s", tt.args, code, errOut)
		}
		status, body := call(strings.TrimSpace(out))
		if status != http.StatusOK || !strings.Contains(body, tt.want) || (tt.skip != "" && strings.Contains(body, tt.skip)) {
			t.Errorf("GET /api/clients as %v: got %d %s, want 200 with %s and without %q", tt.args, status, body, tt.want, tt.skip)
		}
	}
}
