package blueskyfake

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/bluesky/tid"
)

// collectionPost is the only collection whose records the fake validates.
const collectionPost = "app.bsky.feed.post"

// Record is a record as the PDS keeps it, with a post's fields decoded.
type Record struct {
	URI        string
	CID        string
	Collection string
	Rkey       string
	Text       string
	CreatedAt  string
	Facets     []Facet
	// Images are the images a post embeds; Video its video.
	Images []Image
	Video  *Video
	// Value is the record as it was sent.
	Value json.RawMessage
}

// Facet is a rich-text span of a post, in UTF-8 bytes.
type Facet struct {
	Index    FacetIndex `json:"index"`
	Features []Feature  `json:"features"`
}

// FacetIndex is a facet's span: byteEnd is exclusive.
type FacetIndex struct {
	ByteStart int `json:"byteStart"`
	ByteEnd   int `json:"byteEnd"`
}

// Feature is what a facet marks, such as app.bsky.richtext.facet#link.
type Feature struct {
	Type string `json:"$type"`
	URI  string `json:"uri,omitempty"`
	// DID is the account a mention names.
	DID string `json:"did,omitempty"`
}

// Records returns an account's records (did or handle), by collection and
// record key.
func (s *Server) Records(did string) []Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(did)
	if a == nil {
		return nil
	}
	var out []Record
	for _, c := range slices.Sorted(maps.Keys(a.records)) {
		for _, k := range slices.Sorted(maps.Keys(a.records[c])) {
			out = append(out, *a.records[c][k])
		}
	}
	return out
}

// createRecord handles com.atproto.repo.createRecord.
// recordWrite is the body of createRecord and putRecord.
type recordWrite struct {
	Repo       string          `json:"repo"`
	Collection string          `json:"collection"`
	Rkey       string          `json:"rkey"`
	Record     json.RawMessage `json:"record"`
	SwapRecord json.RawMessage `json:"swapRecord"`
}

// writableRepo decodes a record write and returns the repo it writes to,
// once the caller is its owner and the collection is a valid NSID; it
// answers the error itself otherwise. It returns with s.mu held when ok.
func (s *Server) writableRepo(w http.ResponseWriter, r *http.Request, in *recordWrite) (*account, bool) {
	if !decodeBody(w, r, in) {
		return nil, false
	}
	s.mu.Lock()
	_, t, ok := s.bearer(w, r, accessToken)
	if !ok {
		s.mu.Unlock()
		return nil, false
	}
	a := s.account(in.Repo)
	switch {
	case a == nil:
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Could not find repo: "+in.Repo)
	case a.did != t.did:
		writeError(w, http.StatusUnauthorized, "AuthenticationRequired", "Authentication Required")
	case !validNSID(in.Collection):
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Error: Input/collection must be a valid nsid")
	default:
		return a, true
	}
	s.mu.Unlock()
	return nil, false
}

func (s *Server) createRecord(w http.ResponseWriter, r *http.Request) {
	var in recordWrite
	a, ok := s.writableRepo(w, r, &in)
	if !ok {
		return
	}
	defer s.mu.Unlock()
	rec, err := parseRecord(in.Collection, in.Record)
	if err != nil {
		writeError(w, http.StatusBadRequest, "InvalidRequest", err.Error())
		return
	}
	if !s.checkEmbed(w, a, rec) {
		return
	}
	rec.Rkey = in.Rkey
	if rec.Rkey == "" {
		rec.Rkey = s.nextTID()
	} else if !validRecordKey(rec.Rkey) || (in.Collection == collectionPost && !tid.Valid(rec.Rkey)) {
		// Posts take TIDs, as their lexicon declares.
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Invalid record key: "+rec.Rkey)
		return
	}
	if a.records[in.Collection][rec.Rkey] != nil {
		s.duplicate(w)
		return
	}
	a.store(in.Collection, rec)
	writeJSON(w, map[string]any{
		"uri": rec.URI, "cid": rec.CID,
		"commit":           map[string]string{"cid": cid([]byte(rec.URI + "commit")), "rev": s.nextTID()},
		"validationStatus": "valid",
	})
}

// store keeps a record under its collection and rec.Rkey, with its URI and
// CID; s.mu must be held.
func (a *account) store(collection string, rec *Record) {
	rec.Collection = collection
	rec.URI = "at://" + a.did + "/" + collection + "/" + rec.Rkey
	rec.CID = cid(rec.Value)
	if a.records[collection] == nil {
		a.records[collection] = map[string]*Record{}
	}
	a.records[collection][rec.Rkey] = rec
}

func (s *Server) duplicate(w http.ResponseWriter) {
	switch s.Duplicate {
	case DuplicateConflict:
		writeError(w, http.StatusConflict, "RecordAlreadyExists", "Record already exists")
	case DuplicateInvalidRequest:
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Record already exists")
	default:
		writeError(w, http.StatusInternalServerError, "InternalServerError", "Internal Server Error")
	}
}

// parseRecord checks a record as the reference PDS's lexicon validation
// does for posts and threadgates; other collections are kept unchecked.
func parseRecord(collection string, raw json.RawMessage) (*Record, error) {
	var v struct {
		Type      string          `json:"$type"`
		Text      *string         `json:"text"`
		CreatedAt string          `json:"createdAt"`
		Facets    []Facet         `json:"facets"`
		Embed     json.RawMessage `json:"embed"`
		Reply     json.RawMessage `json:"reply"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, errors.New("Invalid record: must be an object")
	}
	if v.Type != "" && v.Type != collection {
		return nil, fmt.Errorf("Invalid $type: expected %s, got %s", collection, v.Type)
	}
	rec := &Record{CreatedAt: v.CreatedAt, Facets: v.Facets, Value: append(json.RawMessage(nil), raw...)}
	if collection == collectionThreadgate {
		if err := checkThreadgate(raw); err != nil {
			return nil, err
		}
	}
	if collection != collectionPost {
		return rec, nil
	}
	bad := "Invalid app.bsky.feed.post record: "
	switch {
	case v.Text == nil:
		return nil, errors.New(bad + `Record must have the property "text"`)
	// The PDS counts graphemes; the fake counts runes, which is stricter.
	case utf8.RuneCountInString(*v.Text) > 300:
		return nil, errors.New(bad + "Record/text must not be longer than 300 graphemes")
	case len(*v.Text) > 3000:
		return nil, errors.New(bad + "Record/text must not be longer than 3000 characters")
	case v.CreatedAt == "":
		return nil, errors.New(bad + `Record must have the property "createdAt"`)
	case len(v.Reply) > 0 && !validReply(v.Reply):
		return nil, errors.New(bad + "Record/reply must have root and parent, each with uri and cid")
	}
	if _, err := time.Parse(time.RFC3339Nano, v.CreatedAt); err != nil {
		return nil, errors.New("createdAt must be an valid atproto datetime (both RFC-3339 and ISO-8601)")
	}
	rec.Text = *v.Text
	if len(v.Embed) > 0 {
		if err := parseEmbed(rec, v.Embed); err != nil {
			return nil, err
		}
	}
	return rec, nil
}

// getRecord handles com.atproto.repo.getRecord. Auth is optional, but a
// token given must be valid.
func (s *Server) getRecord(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !requireParams(w, q.Get, "repo", "collection", "rkey") {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Header.Get("Authorization") != "" {
		if _, _, ok := s.bearer(w, r, accessToken); !ok {
			return
		}
	}
	a := s.account(q.Get("repo"))
	if a == nil {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Could not find repo: "+q.Get("repo"))
		return
	}
	rec := a.records[q.Get("collection")][q.Get("rkey")]
	if rec == nil {
		writeError(w, http.StatusBadRequest, "RecordNotFound", "Could not locate record: at://"+a.did+"/"+q.Get("collection")+"/"+q.Get("rkey"))
		return
	}
	writeJSON(w, map[string]any{"uri": rec.URI, "cid": rec.CID, "value": rec.Value})
}

// listRecords handles com.atproto.repo.listRecords: newest record key
// first unless reverse, and a cursor after every non-empty page, even the
// last, as the reference PDS does.
func (s *Server) listRecords(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !requireParams(w, q.Get, "repo", "collection") {
		return
	}
	limit, ok := limitParam(w, q.Get("limit"))
	if !ok {
		return
	}
	reverse, cursor := q.Get("reverse") == "true", q.Get("cursor")
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Header.Get("Authorization") != "" {
		if _, _, ok := s.bearer(w, r, accessToken); !ok {
			return
		}
	}
	a := s.account(q.Get("repo"))
	if a == nil {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Could not find repo: "+q.Get("repo"))
		return
	}
	recs := a.records[q.Get("collection")]
	keys := slices.Sorted(maps.Keys(recs))
	if !reverse {
		slices.Reverse(keys)
	}
	page := []map[string]any{}
	next := ""
	for _, k := range keys {
		if cursor != "" && ((!reverse && k >= cursor) || (reverse && k <= cursor)) {
			continue
		}
		if len(page) == limit {
			break
		}
		rec := recs[k]
		page = append(page, map[string]any{"uri": rec.URI, "cid": rec.CID, "value": rec.Value})
		next = k
	}
	out := map[string]any{"records": page}
	if next != "" {
		out["cursor"] = next
	}
	writeJSON(w, out)
}

// limitParam reads the limit of a listing: 1 to 100, 50 when absent.
func limitParam(w http.ResponseWriter, v string) (int, bool) {
	if v == "" {
		return 50, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 100 {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "Error: limit must be an integer from 1 to 100")
		return 0, false
	}
	return n, true
}

func requireParams(w http.ResponseWriter, get func(string) string, names ...string) bool {
	for _, n := range names {
		if get(n) == "" {
			writeError(w, http.StatusBadRequest, "InvalidRequest", fmt.Sprintf("Error: Params must have the property %q", n))
			return false
		}
	}
	return true
}

// nextTID makes a TID record key (microseconds, then a clock id of 0),
// increasing even when the clock stands still; s.mu must be held.
func (s *Server) nextTID() string {
	us := s.Now().UnixMicro()
	if us <= s.lastTID {
		us = s.lastTID + 1
	}
	s.lastTID = us
	return tid.Encode(us, 0)
}

// validRecordKey applies the atproto record key syntax.
func validRecordKey(k string) bool {
	if k == "" || len(k) > 512 || k == "." || k == ".." {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-_:~", r)) {
			return false
		}
	}
	return true
}

// validNSID is a loose NSID check: dotted, at least three segments.
func validNSID(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) < 3 || len(s) > 317 {
		return false
	}
	for _, p := range parts {
		if p == "" {
			return false
		}
	}
	return true
}

// cid is a stand-in content id: the PDS's are CIDv1 of the DAG-CBOR block
// (bafyrei…), of the raw bytes for a blob (bafkrei…, blobCID).
func cid(b []byte) string { return "bafyrei" + digest(b) }

func blobCID(b []byte) string { return "bafkrei" + digest(b) }

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return plcEncoding.EncodeToString(sum[:])[:52]
}
