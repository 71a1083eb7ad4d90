package x

import (
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// What a retry reuses. X keeps an uploaded media id, processed or not, for
// the time its answers give (expires_after_secs, expires_at: 24 hours for
// a post's media), and any post of the same user may carry it until then.
// Relais keeps, in the adapter's memory, how far each attachment of a post
// got (by account, publish key and attachment index): a retry of the same
// post goes on from there, appending the segments X did not take, polling
// an upload already finalized, describing an image not yet described, and
// posts with the same media ids. Nothing is kept across processes: a retry
// on another instance uploads again, which costs time, never a post.
const (
	// maxKept bounds the uploads kept; past it, the one expiring first is
	// forgotten.
	maxKept = 512
	// reuseMargin keeps an upload about to expire from being reused: the
	// post must be made well before X forgets its media.
	reuseMargin = time.Hour
	// mediaLife is how long X keeps an upload when its answer does not
	// say.
	mediaLife = 24 * time.Hour
)

// uploadKey names one attachment of one post.
type uploadKey struct {
	account, key string
	index        int
}

// upload is how far one attachment's upload got on X.
type upload struct {
	// The attachment as it was: a post edited since is uploaded again.
	kind        relais.Format
	contentType string
	bytes       int64

	id      string
	expires time.Time
	// size and typ are what X was told at initialize; sent is how many
	// segments X took, in order.
	size int64
	typ  string
	sent int
	// finalized: X has the whole file; ready: X has processed it.
	finalized, ready bool
	// described holds the description X has for an image.
	described bool
	alt       string
}

// of reports whether u is an upload of attachment a.
func (u upload) of(a relais.Attachment) bool {
	return u.kind == a.Kind && u.contentType == a.ContentType && u.bytes == a.Bytes
}

// uploads are the uploads kept for retries. It is safe for concurrent use.
type uploads struct {
	kept netcall.Reuse[uploadKey, upload]
}

func newUploads() *uploads {
	return &uploads{kept: netcall.Reuse[uploadKey, upload]{Max: maxKept}}
}

// get returns what is kept of attachment a's upload, or a new upload of
// it when nothing usable is.
func (u *uploads) get(k uploadKey, a relais.Attachment, now time.Time) upload {
	up, ok := u.kept.Get(k, now.Add(reuseMargin))
	if !ok || !up.of(a) {
		u.kept.Forget(k)
		return upload{kind: a.Kind, contentType: a.ContentType, bytes: a.Bytes}
	}
	return up
}

// put keeps an upload's progress.
func (u *uploads) put(k uploadKey, up upload, now time.Time) {
	u.kept.Put(k, up, up.expires, now)
}

// drop forgets one attachment's upload.
func (u *uploads) drop(k uploadKey) {
	u.kept.Forget(k)
}

// forget forgets a post's uploads, once it is made or its media refused.
func (u *uploads) forget(account, key string) {
	u.kept.ForgetAll(func(k uploadKey) bool { return k.account == account && k.key == key })
}
