package linkedin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

const (
	// defaultStall is how long a read of the video may wait for bytes when
	// the client's HTTP client has no timeout.
	defaultStall = 30 * time.Second
	// skipChunk is how much of a video is skipped at once when its host
	// sends the bytes before the range asked for.
	skipChunk = 1 << 20
)

// videoStream is a video read from its URL part by part: a video may be
// far larger than what the client holds, so no more than one part is
// held at once.
type videoStream struct {
	nc netcall.Call
	// size is the whole video's, whatever byte the read began at.
	size int64
	body *netcall.Video
	// stall bounds each read: the whole video takes longer than one
	// call's timeout, one part must not. The timer cancels the read.
	stall  time.Duration
	timer  *time.Timer
	cancel context.CancelFunc
}

// openVideo starts reading the video at a's URL from byte from on, asking
// its host for that range; the bytes before it are skipped when the host
// sends the whole file. Like an image, a video that cannot be read fails
// transiently when trying again may work (a timeout, a 5xx, a 429) and
// for good when it cannot (the link expired or is gone, the file is not a
// video LinkedIn takes). The URL, which may be signed, is in no error.
func (c *Client) openVideo(ctx context.Context, a relais.Attachment, from int64) (*videoStream, error) {
	ctx, cancel := context.WithCancel(ctx)
	v := &videoStream{nc: netcall.Call{Network: relais.LinkedIn, Op: videoOp}, stall: c.http.Timeout, cancel: cancel}
	if v.stall <= 0 {
		v.stall = defaultStall
	}
	// The client's timeout would cut the whole read: this one has none,
	// and each read has the stall timer instead.
	hc := netcall.Streaming(c.http, 0)
	v.timer = time.AfterFunc(v.stall, cancel)
	body, err := v.nc.OpenVideo(ctx, hc, a.URL, from)
	v.timer.Stop()
	if err != nil {
		cancel()
		return nil, err
	}
	v.body = body
	if err := v.check(a); err != nil {
		v.close()
		return nil, err
	}
	return v, nil
}

// check takes the video's size from its host's answer, refuses a video
// LinkedIn would refuse, and skips to the byte asked for.
func (v *videoStream) check(a relais.Attachment) *netcall.Error {
	v.size = v.body.Size
	if v.size < 0 {
		v.size = a.Bytes
	}
	typ := v.body.Type
	switch {
	case typ != "" && typ != "application/octet-stream" && !slices.Contains(Spec.Limits.VideoTypes, typ):
		return v.nc.Refusef("the file at the video's URL is %s; linkedin takes %s videos", typ, strings.Join(Spec.Limits.VideoTypes, ", "))
	case v.size <= 0:
		return v.nc.Refusef("the video's host does not say its size, which linkedin asks for first")
	}
	if err := checkVideoSize(v.size); err != nil {
		return v.nc.Refuse(err)
	}
	return v.skip(v.body.Skip)
}

// skip reads and drops the first n bytes.
func (v *videoStream) skip(n int64) *netcall.Error {
	for n > 0 {
		step := min(n, skipChunk)
		v.timer.Reset(v.stall)
		_, err := io.CopyN(io.Discard, v.body, step)
		v.timer.Stop()
		if err != nil {
			return v.nc.Failed(0, false, fmt.Errorf("read the video: %w", err))
		}
		n -= step
	}
	return nil
}

// read fills p with the video's next bytes.
func (v *videoStream) read(p []byte) error {
	v.timer.Reset(v.stall)
	_, err := io.ReadFull(v.body, p)
	v.timer.Stop()
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return v.nc.Failed(0, false, errors.New("read the video: it ended before the size its host gave"))
	case err != nil:
		return v.nc.Failed(0, false, fmt.Errorf("read the video: %w", err))
	}
	return nil
}

func (v *videoStream) close() {
	v.timer.Stop()
	v.body.Close()
	v.cancel()
}
