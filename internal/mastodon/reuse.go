package mastodon

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// Mastodon deletes an upload no status uses a day after it was made (its
// media cleanup): an attempt reuses what an earlier attempt at the same
// post uploaded for half of that, and the adapter remembers at most
// maxUploads of them.
const (
	reuseFor   = 12 * time.Hour
	maxUploads = 512
)

// upload is an attachment an attempt uploaded: its id, whether the
// instance has processed it, and until when the next attempt may use it.
type upload struct {
	id      string
	ready   bool
	expires time.Time
}

// uploads remembers the uploads of attempts at posts, by post, account
// and attachment, so that an attempt after a failure attaches them
// instead of uploading them again. It is safe for concurrent use.
type uploads struct {
	mu sync.Mutex
	m  map[string]upload
}

// uploadKey names an attachment of a post: the post's key, the account,
// the attachment's place and what it is. Its URL's signature changes at
// each attempt, so only the object it names counts; its alt text is the
// upload's description, so new alt text is a new upload.
func uploadKey(a Account, key string, i int, att relais.Attachment) string {
	object := att.URL
	if u, err := url.Parse(att.URL); err == nil {
		u.RawQuery, u.Fragment = "", ""
		object = u.String()
	}
	sum := sha256.Sum256([]byte(a.String() + "\x00" + key + "\x00" + strconv.Itoa(i) + "\x00" + object + "\x00" + att.Alt))
	return hex.EncodeToString(sum[:])
}

func (u *uploads) get(k string, now time.Time) (upload, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	up, ok := u.m[k]
	if ok && !now.Before(up.expires) {
		delete(u.m, k)
		return upload{}, false
	}
	return up, ok
}

// put remembers an upload; when full, it forgets the expired ones, then
// the one closest to expiry.
func (u *uploads) put(k string, up upload, now time.Time) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.m == nil {
		u.m = map[string]upload{}
	}
	if _, known := u.m[k]; !known && len(u.m) >= maxUploads {
		var soonest string
		for name, v := range u.m {
			if !now.Before(v.expires) {
				delete(u.m, name)
			} else if soonest == "" || v.expires.Before(u.m[soonest].expires) {
				soonest = name
			}
		}
		if len(u.m) >= maxUploads {
			delete(u.m, soonest)
		}
	}
	u.m[k] = up
}

func (u *uploads) forget(k string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	delete(u.m, k)
}
