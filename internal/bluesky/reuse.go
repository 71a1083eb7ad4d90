package bluesky

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// How long an attempt reuses what an earlier attempt at the same post
// uploaded. The PDS drops a blob no record names "within a time window
// (eg, minutes)" (com.atproto.repo.uploadBlob): a blob is reused for
// minutes only, and a post the PDS refuses for a blob it dropped makes
// the next attempt upload anew. The video service keeps a job's status
// readable after it ends; a job still processing is looked at again for
// an hour. The adapter remembers at most maxUploads of them.
const (
	reuseBlobFor = 10 * time.Minute
	reuseJobFor  = time.Hour
	maxUploads   = 512
)

// upload is an attachment an attempt uploaded: a blob on the PDS, or a
// video job still processing, with the size that embeds show it at.
type upload struct {
	blob    json.RawMessage
	job     string
	aspect  *aspectRatio
	expires time.Time
}

// uploads remembers the uploads of attempts at posts, by post, account
// and attachment, so that an attempt after a failure uses them instead of
// uploading them again. It is safe for concurrent use.
type uploads struct {
	mu sync.Mutex
	m  map[string]upload
}

// uploadKey names an attachment of a post: the post's key, the account,
// the attachment's place and the file it is. Its URL's signature changes
// at each attempt, so only the object it names counts; its alt text goes
// in the embed, not in the upload.
func uploadKey(account, key string, i int, att relais.Attachment) string {
	object := att.URL
	if u, err := url.Parse(att.URL); err == nil {
		u.RawQuery, u.Fragment = "", ""
		object = u.String()
	}
	sum := sha256.Sum256([]byte(account + "\x00" + key + "\x00" + strconv.Itoa(i) + "\x00" + object))
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

func (u *uploads) forget(keys ...string) {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, k := range keys {
		delete(u.m, k)
	}
}
