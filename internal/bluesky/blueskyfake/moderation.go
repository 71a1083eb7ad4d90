package blueskyfake

import (
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
)

const (
	collectionThreadgate = "app.bsky.feed.threadgate"
	// maxHiddenReplies is the threadgate lexicon's bound on hiddenReplies.
	maxHiddenReplies = 300
	// maxGetPosts is the most URIs getPosts takes.
	maxGetPosts = 25
)

// threadgateValue is the part of a threadgate the fake reads.
type threadgateValue struct {
	Post          string   `json:"post"`
	CreatedAt     string   `json:"createdAt"`
	HiddenReplies []string `json:"hiddenReplies"`
}

// checkThreadgate applies the threadgate lexicon's rules.
func checkThreadgate(raw json.RawMessage) error {
	var v threadgateValue
	bad := "Invalid app.bsky.feed.threadgate record: "
	switch {
	case json.Unmarshal(raw, &v) != nil:
		return errors.New(bad + "Record/hiddenReplies must be an array of at-uri")
	case v.Post == "":
		return errors.New(bad + `Record must have the property "post"`)
	case v.CreatedAt == "":
		return errors.New(bad + `Record must have the property "createdAt"`)
	case len(v.HiddenReplies) > maxHiddenReplies:
		return errors.New(bad + "Record/hiddenReplies must not have more than 300 elements")
	}
	for _, u := range v.HiddenReplies {
		if !strings.HasPrefix(u, "at://") {
			return errors.New(bad + "Record/hiddenReplies must be an array of at-uri")
		}
	}
	return nil
}

// validReply checks a post's reply: root and parent strong refs.
func validReply(raw json.RawMessage) bool {
	var r struct{ Root, Parent *strongRef }
	return json.Unmarshal(raw, &r) == nil && r.Root != nil && r.Parent != nil &&
		r.Root.URI != "" && r.Root.CID != "" && r.Parent.URI != "" && r.Parent.CID != ""
}

// PutRecord writes a record into an account's repo as its owner's app
// would, without a call or a fault. It panics on an unknown account or a
// value that is not JSON, a test's mistake.
func (s *Server) PutRecord(account, collection, rkey string, value any) Record {
	raw, err := json.Marshal(value)
	if err != nil {
		panic(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := &Record{Rkey: rkey, Value: raw}
	s.mustAccount(account).store(collection, rec)
	return *rec
}

// HiddenReplies returns the replies hidden in the thread of the post at
// rootURI, as the AppView reads them: from the threadgate in the root's
// repo under the root's record key, pointing at the root. Another
// threadgate hides nothing.
func (s *Server) HiddenReplies(rootURI string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	root, _ := s.record(rootURI)
	if root == nil {
		return nil
	}
	repo := strings.Split(strings.TrimPrefix(root.URI, "at://"), "/")[0]
	gate := s.accounts[repo].records[collectionThreadgate][root.Rkey]
	var v threadgateValue
	if gate == nil || json.Unmarshal(gate.Value, &v) != nil || v.Post != root.URI {
		return nil
	}
	return v.HiddenReplies
}

// RepliesTo returns the posts whose reply parent is the post at
// parentURI, in record key order.
func (s *Server) RepliesTo(parentURI string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Record
	for _, a := range s.accounts {
		for _, rec := range a.records[collectionPost] {
			var v struct {
				Reply *struct{ Parent strongRef } `json:"reply"`
			}
			if json.Unmarshal(rec.Value, &v) == nil && v.Reply != nil && v.Reply.Parent.URI == parentURI {
				out = append(out, *rec)
			}
		}
	}
	slices.SortFunc(out, func(x, y Record) int { return strings.Compare(x.Rkey, y.Rkey) })
	return out
}

// record returns the record at an at:// URI (its repo a DID or a handle)
// and its repo's account, or nil. s.mu must be held.
func (s *Server) record(uri string) (*Record, *account) {
	parts := strings.SplitN(strings.TrimPrefix(uri, "at://"), "/", 3)
	if !strings.HasPrefix(uri, "at://") || len(parts) != 3 {
		return nil, nil
	}
	a := s.account(parts[0])
	if a == nil || a.records[parts[1]][parts[2]] == nil {
		return nil, nil
	}
	return a.records[parts[1]][parts[2]], a
}

// putRecord handles com.atproto.repo.putRecord: it creates or replaces a
// record. swapRecord, when present, must be the CID of the record it
// replaces, or null for a record that must not exist yet; otherwise the
// PDS answers 400 InvalidSwap.
func (s *Server) putRecord(w http.ResponseWriter, r *http.Request) {
	var in recordWrite
	a, ok := s.writableRepo(w, r, &in)
	if !ok {
		return
	}
	defer s.mu.Unlock()
	if !validRecordKey(in.Rkey) {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Invalid record key: "+in.Rkey)
		return
	}
	rec, err := parseRecord(in.Collection, in.Record)
	if err != nil {
		writeError(w, http.StatusBadRequest, "InvalidRequest", err.Error())
		return
	}
	if !s.checkEmbed(w, a, rec) {
		return
	}
	cur := a.records[in.Collection][in.Rkey]
	if in.SwapRecord != nil {
		var want *string
		if json.Unmarshal(in.SwapRecord, &want) != nil || (want == nil) != (cur == nil) || (cur != nil && *want != cur.CID) {
			at := "null"
			if cur != nil {
				at = cur.CID
			}
			writeError(w, http.StatusBadRequest, "InvalidSwap", "Record was at "+at)
			return
		}
	}
	rec.Rkey = in.Rkey
	a.store(in.Collection, rec)
	writeJSON(w, map[string]any{
		"uri": rec.URI, "cid": rec.CID,
		"commit":           map[string]string{"cid": cid([]byte(rec.URI + "commit")), "rev": s.nextTID()},
		"validationStatus": "valid",
	})
}

// getPosts handles app.bsky.feed.getPosts: the posts at the uris given,
// in their order, with their counts from Server.Engagement, leaving out
// those it cannot find, as the AppView does.
func (s *Server) getPosts(w http.ResponseWriter, r *http.Request) {
	uris := r.URL.Query()["uris"]
	if len(uris) == 0 || len(uris) > maxGetPosts {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Error: uris must have 1 to 25 elements")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, _, ok := s.bearer(w, r, accessToken); !ok {
		return
	}
	posts := []map[string]any{}
	for _, u := range uris {
		rec, a := s.record(u)
		if rec == nil || rec.Collection != collectionPost {
			continue
		}
		m := s.Engagement.Get(rec.URI)
		posts = append(posts, map[string]any{
			"uri": rec.URI, "cid": rec.CID, "record": rec.Value, "indexedAt": rec.CreatedAt,
			"author":    map[string]any{"did": a.did, "handle": a.handle, "labels": []any{}},
			"labels":    []any{},
			"likeCount": m.Likes, "repostCount": m.Shares, "replyCount": m.Comments, "quoteCount": 0,
		})
	}
	writeJSON(w, map[string]any{"posts": posts})
}
