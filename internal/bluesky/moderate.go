package bluesky

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// An account cannot delete another's record: the client hides and
// answers, and is no relais.NetworkDeleter.
var (
	_ relais.NetworkHider   = (*Client)(nil)
	_ relais.NetworkReplier = (*Client)(nil)
)

const (
	collectionThreadgate = "app.bsky.feed.threadgate"
	// maxHiddenReplies is the threadgate lexicon's bound on hiddenReplies.
	maxHiddenReplies = 300
)

// strongRef points at one version of a record.
type strongRef struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

// replyRef is a post's place in its thread.
type replyRef struct {
	Root   strongRef `json:"root"`
	Parent strongRef `json:"parent"`
}

// atURI is an at:// URI of a record: its repo (a DID or a handle), its
// collection and its record key.
type atURI struct{ repo, collection, rkey string }

func parseATURI(s string) (atURI, bool) {
	parts := strings.Split(strings.TrimPrefix(s, "at://"), "/")
	if !strings.HasPrefix(s, "at://") || len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return atURI{}, false
	}
	return atURI{repo: parts[0], collection: parts[1], rkey: parts[2]}, true
}

// Hide hides a reply in a thread the account started. Bluesky keeps a
// thread's hidden replies in one app.bsky.feed.threadgate record, under
// the record key of the thread's root post: Hide reads it and writes it
// back with the reply added, keeping what it held (earlier hidden
// replies, who may reply), and with the CID it read as a compare and
// swap, so that a concurrent change is not lost but refused.
//
// in.ID is the reply's at:// URI, in.PostID the root post's and
// in.AccountID the account's handle or DID.
func (c *Client) Hide(ctx context.Context, token string, in relais.Interaction) error {
	return c.setHidden(ctx, token, in, true)
}

// Unhide shows a hidden reply again: the threadgate is written back
// without it, by the same compare and swap as Hide.
func (c *Client) Unhide(ctx context.Context, token string, in relais.Interaction) error {
	return c.setHidden(ctx, token, in, false)
}

func (c *Client) setHidden(ctx context.Context, token string, in relais.Interaction, hide bool) error {
	op := "hide"
	if !hide {
		op = "unhide"
	}
	root, ok := parseATURI(in.PostID)
	if !ok || root.collection != collectionPost {
		return permanent(op, "the thread's root %q is not a post's at:// URI", netcall.Truncate(in.PostID, 200))
	}
	if _, ok := parseATURI(in.ID); !ok || in.ID == in.PostID {
		return permanent(op, "%q is not the at:// URI of a reply", netcall.Truncate(in.ID, 200))
	}
	s, err := c.session(ctx, in.AccountID, token)
	if err != nil {
		return err
	}
	if root.repo != s.did && root.repo != in.AccountID {
		return permanent(op, "only the author of a thread hides its replies, and %s did not start this one", netcall.Truncate(in.AccountID, 100))
	}

	var gate struct {
		CID   string                     `json:"cid"`
		Value map[string]json.RawMessage `json:"value"`
	}
	err = c.authed(ctx, in.AccountID, token, func(s *session) call {
		q := url.Values{"repo": {s.did}, "collection": {collectionThreadgate}, "rkey": {root.rkey}}
		return call{op: op, nsid: "com.atproto.repo.getRecord", query: q, bearer: s.access}
	}, &gate)
	var e *netcall.Error
	switch {
	case err == nil:
	case errors.As(err, &e) && e.Code == "RecordNotFound":
		gate.Value = map[string]json.RawMessage{}
	default:
		return err
	}
	var hidden []string
	if raw, ok := gate.Value["hiddenReplies"]; ok {
		if err := json.Unmarshal(raw, &hidden); err != nil {
			return permanent(op, "the thread's threadgate has unreadable hiddenReplies")
		}
	}
	if slices.Contains(hidden, in.ID) == hide {
		return nil
	}
	if hide && len(hidden) >= maxHiddenReplies {
		return permanent(op, "Bluesky hides at most %d replies in a thread, and this one has as many hidden", maxHiddenReplies)
	}
	if hide {
		hidden = append(hidden, in.ID)
	} else {
		hidden = slices.DeleteFunc(hidden, func(id string) bool { return id == in.ID })
	}
	record := threadgate(gate.Value, "at://"+s.did+"/"+collectionPost+"/"+root.rkey, hidden, c.Now())
	// A null swapRecord means the record must not exist yet.
	var swap any
	if gate.CID != "" {
		swap = gate.CID
	}
	err = c.authed(ctx, in.AccountID, token, func(s *session) call {
		body := map[string]any{"repo": s.did, "collection": collectionThreadgate, "rkey": root.rkey, "record": record, "swapRecord": swap}
		return call{op: op, nsid: "com.atproto.repo.putRecord", procedure: true, body: body, bearer: s.access}
	}, nil)
	if errors.As(err, &e) && e.Code == "InvalidSwap" {
		// The threadgate changed since it was read: reading it again
		// and adding the reply is safe.
		e.Kind = relais.FailTransient
	}
	return err
}

// threadgate is the record to write: the one read (empty when there was
// none), every field kept, with hidden as its hiddenReplies. A new one
// leaves out allow, which keeps the thread open to every reply.
func threadgate(read map[string]json.RawMessage, post string, hidden []string, now time.Time) map[string]any {
	out := make(map[string]any, len(read)+4)
	for k, v := range read {
		out[k] = v
	}
	if len(read) == 0 {
		out["$type"], out["post"], out["createdAt"] = collectionThreadgate, post, datetime(now)
	}
	out["hiddenReplies"] = hidden
	return out
}

// datetime writes a time as atproto records carry it.
func datetime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// feedPost is the part of app.bsky.feed.getPosts' posts a reply needs.
type feedPost struct {
	URI    string `json:"uri"`
	CID    string `json:"cid"`
	Record struct {
		Reply *replyRef `json:"reply"`
	} `json:"record"`
}

// Reply answers a post (a reply, a mention, a quote) under it and
// returns the answer's at:// URI. A reply names its parent and its
// thread's root by URI and CID: both come from the parent as the AppView
// shows it, so the answer joins the thread the parent is in.
func (c *Client) Reply(ctx context.Context, token string, in relais.Interaction, text string) (string, error) {
	const op = "reply"
	if err := Spec.CheckReply(in, text); err != nil {
		return "", netcall.Call{Network: relais.Bluesky, Op: op}.Refuse(err)
	}
	var got struct {
		Posts []feedPost `json:"posts"`
	}
	err := c.authed(ctx, in.AccountID, token, func(s *session) call {
		return call{op: op, nsid: "app.bsky.feed.getPosts", query: url.Values{"uris": {in.ID}}, bearer: s.access}
	}, &got)
	if err != nil {
		return "", err
	}
	i := slices.IndexFunc(got.Posts, func(p feedPost) bool { return p.URI == in.ID })
	if i < 0 || got.Posts[i].CID == "" {
		// The AppView leaves out a post deleted or hidden from the account.
		return "", permanent(op, "post %s is gone or not visible", netcall.Truncate(in.ID, 200))
	}
	parent := strongRef{URI: got.Posts[i].URI, CID: got.Posts[i].CID}
	ref := &replyRef{Root: parent, Parent: parent}
	if r := got.Posts[i].Record.Reply; r != nil && r.Root.URI != "" {
		ref.Root = r.Root
	}
	rec, err := newPost(relais.Content{Text: text}, c.Now())
	if err != nil {
		return "", err
	}
	rec.Reply = ref
	var out struct {
		URI string `json:"uri"`
	}
	err = c.authed(ctx, in.AccountID, token, func(s *session) call {
		body := createRecordInput{Repo: s.did, Collection: collectionPost, Record: rec}
		return call{op: op, nsid: "com.atproto.repo.createRecord", procedure: true, body: body, bearer: s.access, creates: true}
	}, &out)
	if err != nil {
		return "", err
	}
	if out.URI == "" {
		return "", &netcall.Error{Network: relais.Bluesky, Op: op, Kind: relais.FailAmbiguous, Status: http.StatusOK, Err: fmt.Errorf("the answer carries no uri")}
	}
	return out.URI, nil
}
