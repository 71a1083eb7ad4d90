package bluesky

import (
	"bytes"
	"encoding/binary"
)

// maxMoov bounds the movie box an mp4Probe keeps: a movie's metadata
// takes kilobytes to a few megabytes.
const maxMoov = 8 << 20

// mp4Probe finds the display size of an MP4's video track as the file
// streams past it to the video service, for the embed's aspectRatio: it
// is written every byte, keeps only the movie box (moov), wherever it is
// in the file, and never fails the stream. ISO/IEC 14496-12 lays the file
// out as boxes: a 32-bit size (1: a 64-bit size follows the type; 0: to
// the end of the file), a 4-byte type, then the body.
type mp4Probe struct {
	head []byte // a top-level box's header, as it arrives
	// left is what remains of the current box's body (-1: to the end).
	left int64
	keep bool // the current box is the movie box
	moov []byte
	done bool // the movie box is whole, or cannot be read
}

func (p *mp4Probe) Write(b []byte) (int, error) {
	n := len(b)
	for len(b) > 0 && !p.done {
		if p.left == 0 && !p.header(&b) {
			continue
		}
		take := int64(len(b))
		if p.left >= 0 {
			take = min(take, p.left)
			p.left -= take
		}
		if p.keep {
			p.moov = append(p.moov, b[:take]...)
			if p.left == 0 {
				p.done = true
			}
		}
		b = b[take:]
	}
	return n, nil
}

// header reads a top-level box's header from b, and reports whether it
// is whole; it stops the probe on a box it cannot follow.
func (p *mp4Probe) header(b *[]byte) bool {
	want := 8
	if len(p.head) >= 4 && binary.BigEndian.Uint32(p.head) == 1 {
		want = 16
	}
	n := min(want-len(p.head), len(*b))
	p.head = append(p.head, (*b)[:n]...)
	*b = (*b)[n:]
	if len(p.head) < want {
		return false
	}
	if want == 8 && binary.BigEndian.Uint32(p.head) == 1 {
		return false // the 64-bit size is next
	}
	size := int64(binary.BigEndian.Uint32(p.head))
	switch {
	case size == 1:
		size = int64(binary.BigEndian.Uint64(p.head[8:16]))
	case size == 0:
		size = -1
	}
	p.keep = string(p.head[4:8]) == "moov"
	switch {
	case size >= 0 && size < int64(len(p.head)), p.keep && (size < 0 || size-int64(len(p.head)) > maxMoov):
		p.done = true
	case size < 0:
		p.left = -1
	default:
		p.left = size - int64(len(p.head))
	}
	p.head = p.head[:0]
	return true
}

// aspect is the display size of the movie's first video track, or nil
// when the probe found none: a video posts without one.
func (p *mp4Probe) aspect() *aspectRatio {
	if !p.done || p.moov == nil {
		return nil
	}
	for _, trak := range boxes(p.moov, "trak") {
		if hdlr := boxAt(trak, "mdia", "hdlr"); len(hdlr) < 12 || string(hdlr[8:12]) != "vide" {
			continue
		}
		if w, h := trackSize(firstBox(trak, "tkhd")); w > 0 && h > 0 {
			return &aspectRatio{Width: w, Height: h}
		}
	}
	return nil
}

// trackSize reads a track header's width and height (16.16 fixed point),
// swapped when its matrix turns the picture a quarter turn, as phones
// record portrait videos.
func trackSize(tkhd []byte) (int, int) {
	// Version and flags, then the times, id and duration: 20 bytes, or 32
	// in version 1; then 16 bytes of layer, group, volume and reserved.
	at := 4 + 20 + 16
	if len(tkhd) > 0 && tkhd[0] == 1 {
		at = 4 + 32 + 16
	}
	if len(tkhd) < at+36+8 {
		return 0, 0
	}
	m := tkhd[at : at+36]
	w := int(binary.BigEndian.Uint32(tkhd[at+36:]) >> 16)
	h := int(binary.BigEndian.Uint32(tkhd[at+40:]) >> 16)
	// The matrix's a and d are zero for a quarter turn.
	if binary.BigEndian.Uint32(m[0:4]) == 0 && binary.BigEndian.Uint32(m[16:20]) == 0 {
		w, h = h, w
	}
	return w, h
}

// boxes lists the bodies of the boxes of a type within a box's body.
func boxes(body []byte, typ string) [][]byte {
	var out [][]byte
	for len(body) >= 8 {
		size, head := int(binary.BigEndian.Uint32(body)), 8
		if size == 1 && len(body) >= 16 {
			size, head = int(binary.BigEndian.Uint64(body[8:16])), 16
		}
		if size == 0 {
			size = len(body)
		}
		if size < head || size > len(body) {
			return out
		}
		if bytes.Equal(body[4:8], []byte(typ)) {
			out = append(out, body[head:size])
		}
		body = body[size:]
	}
	return out
}

// firstBox is the body of the first box of a type within a box's body.
func firstBox(body []byte, typ string) []byte {
	if c := boxes(body, typ); len(c) > 0 {
		return c[0]
	}
	return nil
}

// boxAt follows a path of box types down from a box's body.
func boxAt(body []byte, path ...string) []byte {
	for _, typ := range path {
		if body = firstBox(body, typ); body == nil {
			return nil
		}
	}
	return body
}
