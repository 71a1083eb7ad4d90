package bluesky

import (
	"encoding/binary"
	"math/rand/v2"
	"slices"
	"testing"
)

// box is an MP4 box of a type around its body.
func box(typ string, body ...[]byte) []byte {
	b := slices.Concat(body...)
	return slices.Concat(binary.BigEndian.AppendUint32(nil, uint32(8+len(b))), []byte(typ), b)
}

// largeBox is a box with a 64-bit size.
func largeBox(typ string, body []byte) []byte {
	return slices.Concat(binary.BigEndian.AppendUint32(nil, 1), []byte(typ), binary.BigEndian.AppendUint64(nil, uint64(16+len(body))), body)
}

// tkhd is a version 0 track header of a width and height, turned a
// quarter turn when rotated.
func tkhd(w, h int, rotated bool) []byte {
	b := make([]byte, 84)
	m := []uint32{0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000}
	if rotated {
		m = []uint32{0, 0x00010000, 0, 0xffff0000, 0, 0, 0, 0, 0x40000000}
	}
	for i, v := range m {
		binary.BigEndian.PutUint32(b[40+4*i:], v)
	}
	binary.BigEndian.PutUint32(b[76:], uint32(w)<<16)
	binary.BigEndian.PutUint32(b[80:], uint32(h)<<16)
	return b
}

// trak is a track of a handler type ("vide", "soun") and size.
func trak(handler string, w, h int, rotated bool) []byte {
	hdlr := make([]byte, 24)
	copy(hdlr[8:12], handler)
	return box("trak", box("tkhd", tkhd(w, h, rotated)), box("mdia", box("mdhd", make([]byte, 24)), box("hdlr", hdlr)))
}

// noise is n random bytes, the same for the same n.
func noise(n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(uint64(n), 7))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// mp4Of is an MP4 file: its type, its media data (n bytes of noise) and
// its movie box (a sound track, then a video track of a size), the movie
// first when faststart.
func mp4Of(w, h, n int, rotated, faststart bool) []byte {
	ftyp := box("ftyp", []byte("isom\x00\x00\x02\x00isomiso2mp41"))
	moov := box("moov", box("mvhd", make([]byte, 100)), trak("soun", 0, 0, false), trak("vide", w, h, rotated))
	mdat := box("mdat", noise(n))
	if faststart {
		return slices.Concat(ftyp, moov, mdat)
	}
	return slices.Concat(ftyp, mdat, moov)
}

func TestMP4Probe(t *testing.T) {
	ftyp := box("ftyp", []byte("isom"))
	moov := box("moov", trak("vide", 640, 360, false))
	tests := []struct {
		name  string
		file  []byte
		chunk int // bytes per write; all at once when zero
		want  *aspectRatio
	}{
		{name: "movie at the end", file: mp4Of(1920, 1080, 5000, false, false), want: &aspectRatio{1920, 1080}},
		{name: "movie first", file: mp4Of(1280, 720, 5000, false, true), want: &aspectRatio{1280, 720}},
		{name: "portrait, recorded turned", file: mp4Of(1920, 1080, 5000, true, false), want: &aspectRatio{1080, 1920}},
		{name: "a byte at a time", file: mp4Of(720, 1280, 3000, false, false), chunk: 1, want: &aspectRatio{720, 1280}},
		{name: "odd writes", file: mp4Of(720, 1280, 3000, false, true), chunk: 7, want: &aspectRatio{720, 1280}},
		{name: "64-bit media box", file: slices.Concat(ftyp, largeBox("mdat", noise(100)), moov), chunk: 5, want: &aspectRatio{640, 360}},
		{name: "sound only", file: slices.Concat(ftyp, box("moov", trak("soun", 0, 0, false)))},
		{name: "no movie box", file: slices.Concat(ftyp, box("mdat", noise(100)))},
		{name: "movie box cut short", file: slices.Concat(ftyp, moov[:len(moov)-10])},
		{name: "media to the end of the file", file: slices.Concat(ftyp, moov, binary.BigEndian.AppendUint32(nil, 0), []byte("mdat"), noise(100)), want: &aspectRatio{640, 360}},
		{name: "not an MP4", file: noise(1000)},
		{name: "a box smaller than its header", file: slices.Concat(binary.BigEndian.AppendUint32(nil, 4), []byte("free"), moov)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p mp4Probe
			for b := tt.file; len(b) > 0; {
				n := len(b)
				if tt.chunk > 0 {
					n = min(n, tt.chunk)
				}
				if got, err := p.Write(b[:n]); got != n || err != nil {
					t.Fatalf("write: got %d, %v, want %d, nil", got, err, n)
				}
				b = b[n:]
			}
			got := p.aspect()
			if (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
				t.Errorf("aspect: got %+v, want %+v", got, tt.want)
			}
		})
	}
}
