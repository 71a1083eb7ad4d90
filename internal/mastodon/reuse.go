package mastodon

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
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

// uploadKey names an attachment of a post: the post's key, the account,
// the attachment's place and what it is. Its URL's signature changes at
// each attempt, so only the object it names counts; its alt text is the
// upload's description, so new alt text is a new upload.
func uploadKey(a Account, key string, i int, att relais.Attachment) string {
	object := netcall.Unsigned(att.URL)
	sum := sha256.Sum256([]byte(a.String() + "\x00" + key + "\x00" + strconv.Itoa(i) + "\x00" + object + "\x00" + att.Alt))
	return hex.EncodeToString(sum[:])
}
