package meta

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// maxUploads bounds the uploads a Client remembers: a few posts' worth
// per Lambda instance is plenty, since a retry comes within minutes.
const maxUploads = 1024

// How long an upload is reused. Instagram expires a container left
// unpublished after 24 hours (IG User Media reference): an hour short of
// that leaves an attempt the time to publish it. Meta documents no
// lifetime for an unpublished Page photo; an hour covers the publisher's
// retries of one post, after which the photo is uploaded again.
const (
	containerReuse = 23 * time.Hour
	photoReuse     = time.Hour
)

// uploads remembers what Meta holds for a post that is not out yet (its
// unpublished photos, its Instagram containers), so that a retry of the
// post reuses them rather than uploading again. It lives in the adapter's
// memory: a retry in another Lambda instance uploads again, which makes
// no post, only an unused upload (a container expires, an unpublished
// photo shows nowhere).
type uploads struct {
	mu sync.Mutex
	m  map[string]upload
}

type upload struct {
	id    string
	until time.Time
}

// held is one post's uploads: every slot of a post shares its prefix.
// The prefix is empty when Publish was given no key, and nothing is
// remembered.
type held struct {
	u      *uploads
	prefix string
	now    time.Time
}

// post returns the uploads of the post key on an account of network n.
func (u *uploads) post(n relais.Network, account, key string, now time.Time) held {
	h := held{u: u, now: now}
	if key != "" {
		h.prefix = fmt.Sprintf("%s\x00%s\x00%s\x00", n, account, key)
	}
	return h
}

// slot names the upload of a post's i-th attachment. The attachment's URL
// is signed anew at each attempt, so it is named by its address without
// the signature, its type, size and alternative text: a post whose media
// changed between attempts gets new uploads.
func slot(i int, a relais.Attachment) string {
	where := a.URL
	if u, err := url.Parse(a.URL); err == nil {
		u.RawQuery, u.Fragment = "", ""
		where = u.String()
	}
	return fmt.Sprintf("%d\x00%s\x00%s\x00%d\x00%s", i, where, a.ContentType, a.Bytes, a.Alt)
}

// get returns the id of a slot's upload still to be reused.
func (h held) get(slot string) (string, bool) {
	if h.prefix == "" {
		return "", false
	}
	h.u.mu.Lock()
	defer h.u.mu.Unlock()
	up, ok := h.u.m[h.prefix+slot]
	if !ok || !h.now.Before(up.until) {
		return "", false
	}
	return up.id, true
}

// put remembers a slot's upload for reuse, during ttl. When the map is
// full, expired uploads go first, then those closest to expiring.
func (h held) put(slot, id string, ttl time.Duration) {
	if h.prefix == "" {
		return
	}
	h.u.mu.Lock()
	defer h.u.mu.Unlock()
	if h.u.m == nil {
		h.u.m = map[string]upload{}
	}
	for len(h.u.m) >= maxUploads {
		oldest := ""
		for k, up := range h.u.m {
			if !h.now.Before(up.until) {
				delete(h.u.m, k)
				continue
			}
			if oldest == "" || up.until.Before(h.u.m[oldest].until) {
				oldest = k
			}
		}
		if len(h.u.m) >= maxUploads {
			delete(h.u.m, oldest)
		}
	}
	h.u.m[h.prefix+slot] = upload{id: id, until: h.now.Add(ttl)}
}

// forget drops every upload of the post: it is out, or it failed for
// good, and nothing of it is to be reused.
func (h held) forget() {
	if h.prefix == "" {
		return
	}
	h.u.mu.Lock()
	defer h.u.mu.Unlock()
	for k := range h.u.m {
		if strings.HasPrefix(k, h.prefix) {
			delete(h.u.m, k)
		}
	}
}

// settle forgets the post's uploads once an attempt is over for good:
// it made the post, or failed in a way a retry would repeat.
func (h held) settle(err error) {
	if failure, _ := relais.FailureOf(err); err == nil || failure == relais.FailPermanent {
		h.forget()
	}
}
