package meta

import (
	"fmt"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
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
	m netcall.Reuse[string, string]
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
	return fmt.Sprintf("%d\x00%s\x00%s\x00%d\x00%s", i, netcall.Unsigned(a.URL), a.ContentType, a.Bytes, a.Alt)
}

// get returns the id of a slot's upload still to be reused.
func (h held) get(slot string) (string, bool) {
	if h.prefix == "" {
		return "", false
	}
	return h.u.m.Get(h.prefix+slot, h.now)
}

// put remembers a slot's upload for reuse, during ttl.
func (h held) put(slot, id string, ttl time.Duration) {
	if h.prefix == "" {
		return
	}
	h.u.m.Put(h.prefix+slot, id, h.now.Add(ttl), h.now)
}

// forget drops every upload of the post: it is out, or it failed for
// good, and nothing of it is to be reused.
func (h held) forget() {
	if h.prefix == "" {
		return
	}
	h.u.m.ForgetAll(func(k string) bool { return strings.HasPrefix(k, h.prefix) })
}

// settle forgets the post's uploads once an attempt is over for good:
// it made the post, or failed in a way a retry would repeat.
func (h held) settle(err error) {
	if failure, _ := relais.FailureOf(err); err == nil || failure == relais.FailPermanent {
		h.forget()
	}
}
