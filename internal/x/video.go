package x

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// openVideo streams the video at a's URL: its bytes are read as its
// segments go to X, never held beyond one segment. An upload that goes on
// asks for the rest only (a Range request); from a server that sends the
// whole file all the same, the start is read and dropped. The URL, which
// is signed, is never in the error.
func (c *Client) openVideo(a relais.Attachment) opener {
	return func(ctx context.Context, offset int64) (file, error) {
		k := netcall.Call{Network: relais.X, Op: opReadVideo}
		// The file is read for as long as its segments take to reach X,
		// longer than one call may: the attempt's context bounds it.
		v, err := k.OpenVideo(ctx, netcall.Streaming(c.http, 0), a.URL, offset)
		if err != nil {
			// The host gave no answer: X's adapter names that no_answer.
			if err.Kind == relais.FailTransient && err.Status == 0 {
				err.Code = CodeNoAnswer
			}
			return file{}, err
		}
		f, err := videoFile(k, v, a)
		if err != nil {
			v.Close()
			return file{}, err
		}
		return f, nil
	}
}

// videoFile checks the video against what X takes, skips to the offset
// asked for, and returns the file.
func videoFile(k netcall.Call, v *netcall.Video, a relais.Attachment) (file, *netcall.Error) {
	size := v.Size
	if size < 0 {
		size = a.Bytes
	}
	l := Spec.Limits
	switch {
	case size <= 0:
		return file{}, k.Refusef("the video's size is unknown, and X must be told it before the upload")
	case size > l.MaxVideoBytes:
		return file{}, k.Refusef("the video is %d bytes; %s takes %d at most", size, k.Network, l.MaxVideoBytes)
	}
	typ := a.ContentType
	if typ == "" {
		typ = v.Type
	}
	if !slices.Contains(l.VideoTypes, typ) {
		return file{}, k.Refusef("%s takes %s videos, not %q", k.Network, strings.Join(l.VideoTypes, ", "), typ)
	}
	if _, err := io.CopyN(io.Discard, v, v.Skip); err != nil {
		return file{}, &netcall.Error{Network: k.Network, Op: k.Op, Kind: relais.FailTransient, Err: fmt.Errorf("read the video: %w", err)}
	}
	return file{size: size, typ: typ, body: v}, nil
}
