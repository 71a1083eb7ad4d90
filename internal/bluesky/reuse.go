package bluesky

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
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

// uploadKey names an attachment of a post: the post's key, the account,
// the attachment's place and the file it is. Its URL's signature changes
// at each attempt, so only the object it names counts; its alt text goes
// in the embed, not in the upload.
func uploadKey(account, key string, i int, att relais.Attachment) string {
	object := netcall.Unsigned(att.URL)
	sum := sha256.Sum256([]byte(account + "\x00" + key + "\x00" + strconv.Itoa(i) + "\x00" + object))
	return hex.EncodeToString(sum[:])
}
