package linkedin

import (
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// What a retry reuses.
//
// An upload is not a post: a post's images and video go up before the
// post is made, and an attempt that fails after some went up leaves them
// with LinkedIn, unused. LinkedIn keeps an uploaded image or video under
// its URN, owned by the page, for a later post to carry (its
// documentation states no time after which an unused one is dropped), and
// each initializeUpload answer says until when its upload URLs take bytes
// (uploadUrlExpiresAt, uploadUrlsExpireAt). So the client remembers, per
// post (the key Publish is given) and attachment, what LinkedIn has, and
// a retry of the post goes on from there:
//   - an image or video whose bytes LinkedIn has is not uploaded again: the
//     retry reads its status (a URN LinkedIn no longer knows is uploaded
//     anew) and waits for its processing;
//   - an image whose bytes did not arrive is put again to the same upload
//     URL, and a video's parts not yet sent are sent from where the last
//     attempt stopped, reading the video from that byte on, while the
//     upload URLs last;
//   - a video whose finalizeUpload answer was lost is finalized only if
//     its status says it is still waiting for its upload.
//
// The memory is the client's, bounded, and lost with the process: a retry
// elsewhere uploads again. A post's uploads are forgotten once the post is
// made or refused for good.

const (
	// maxUploads bounds how many attachments the client remembers; past
	// it, those remembered longest are forgotten first (all are kept for
	// keepUpload, so they expire first).
	maxUploads = 1024
	// keepUpload is how long an attachment is remembered since the last
	// attempt touched it: the publisher retries within hours.
	keepUpload = 24 * time.Hour
	// urlMargin is what must be left of an upload URL's life for an
	// attempt to send bytes to it rather than start the upload again.
	urlMargin = 5 * time.Minute
)

// uploadKey names one attachment of one post on one page, and its kind.
type uploadKey struct {
	owner, post string
	index       int
	kind        relais.Format
}

// upload is what LinkedIn holds of one attachment.
type upload struct {
	// urn is the image's or video's URN.
	urn string
	// sent is set once LinkedIn has all the bytes (for a video, once it
	// took finalizeUpload).
	sent bool
	// urlsExpire is when the upload URLs stop taking bytes.
	urlsExpire time.Time

	// imageURL is an image's upload URL.
	imageURL string

	// A video's size as declared, upload token, parts and the ETag each
	// part's upload got ("" until then). finalizing is set from the
	// moment finalizeUpload is sent.
	size       int64
	token      string
	parts      []videoPart
	etags      []string
	finalizing bool
}

// resumable reports whether an attempt at now can go on from u rather
// than start again: LinkedIn has its bytes, or its URLs still take them.
func (u upload) resumable(now time.Time) bool {
	return u.sent || now.Add(urlMargin).Before(u.urlsExpire)
}

// uploads is what the client remembers of its posts' attachments. It is
// safe for concurrent use.
type uploads struct {
	m netcall.Reuse[uploadKey, upload]
}

// get returns what is remembered of k, if it can be resumed at now. A
// post without a key has nothing remembered.
func (s *uploads) get(k uploadKey, now time.Time) (upload, bool) {
	u, ok := s.m.Get(k, now)
	if !ok || k.post == "" || !u.resumable(now) {
		return upload{}, false
	}
	// The caller changes its copy: the parts' ETags must not be shared.
	u.etags = append([]string(nil), u.etags...)
	return u, true
}

// put remembers u for k from now.
func (s *uploads) put(k uploadKey, u upload, now time.Time) {
	if k.post == "" {
		return
	}
	u.etags = append([]string(nil), u.etags...)
	s.m.Put(k, u, now.Add(keepUpload), now)
}

// forget drops what is remembered of one attachment.
func (s *uploads) forget(k uploadKey) {
	s.m.Forget(k)
}

// forgetPost drops what is remembered of a post's attachments.
func (s *uploads) forgetPost(owner, post string) {
	s.m.ForgetAll(func(k uploadKey) bool { return k.owner == owner && k.post == post })
}
