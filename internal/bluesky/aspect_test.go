package bluesky

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/gif"
	"testing"
)

// webp is a WebP container whose first chunk is fourcc with data.
func webp(fourcc string, data ...byte) []byte {
	b := []byte("RIFF\x00\x00\x00\x00WEBP" + fourcc)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

func TestAspectOf(t *testing.T) {
	var g bytes.Buffer
	if err := gif.Encode(&g, image.NewPaletted(image.Rect(0, 0, 5, 7), color.Palette{color.Black, color.White}), nil); err != nil {
		t.Fatal(err)
	}
	// A lossless header, then the start of its pixels.
	vp8l := append(binary.LittleEndian.AppendUint32([]byte{0x2f}, 99|49<<14), 0, 0, 0, 0, 0)
	tests := []struct {
		name string
		b    []byte
		want *aspectRatio
	}{
		{"PNG", pngOf(t, 40, 30), &aspectRatio{40, 30}},
		{"GIF", g.Bytes(), &aspectRatio{5, 7}},
		{"JPEG", jpegOf(t, 300, 400), &aspectRatio{300, 400}},
		{"WebP, extended", webp("VP8X", 0, 0, 0, 0, 0xaf, 0x04, 0, 0x1f, 0x03, 0), &aspectRatio{1200, 800}},
		{"WebP, lossy", webp("VP8 ", 0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01), &aspectRatio{640, 480}},
		{"WebP, lossless", webp("VP8L", vp8l...), &aspectRatio{100, 50}},
		{"WebP, lossy without a start code", webp("VP8 ", 0, 0, 0, 0, 0, 0, 0x80, 0x02, 0xe0, 0x01), nil},
		{"not an image", []byte("%PDF-1.7\n"), nil},
		{"empty", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := aspectOf(tt.b)
			if (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// FuzzAspectOf: the bytes come from anywhere; reading them never panics
// and gives a usable ratio or none.
func FuzzAspectOf(f *testing.F) {
	f.Add(webp("VP8X", 0, 0, 0, 0, 0xaf, 0x04, 0, 0x1f, 0x03, 0))
	f.Add(webp("VP8L", 0x2f, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add([]byte{0xff, 0xd8, 0xff, 0xd9})
	f.Fuzz(func(t *testing.T, b []byte) {
		if r := aspectOf(b); r != nil && (r.Width < 1 || r.Height < 1) {
			t.Errorf("got %+v", r)
		}
	})
}
