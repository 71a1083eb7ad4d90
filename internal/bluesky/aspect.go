package bluesky

import (
	"bytes"
	"encoding/binary"
	"image"
	_ "image/gif" // registered for image.DecodeConfig
	_ "image/jpeg"
	_ "image/png"
)

// aspectRatio is an image's width and height. It is optional in the
// lexicon, but without it Bluesky's apps box the image in a square.
type aspectRatio struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

// aspectOf reads an image's size from its header: JPEG, PNG and GIF
// through Go's decoders, WebP from its container's header. It is nil for
// any other image, which a post can do without. A JPEG's EXIF orientation
// is not applied: Bluesky's CDN serves the pixels as stored, without it.
func aspectOf(b []byte) *aspectRatio {
	w, h := webpSize(b)
	if w == 0 {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
		if err != nil {
			return nil
		}
		w, h = cfg.Width, cfg.Height
	}
	if w < 1 || h < 1 {
		return nil
	}
	return &aspectRatio{Width: w, Height: h}
}

// webpSize reads a WebP's size from its first chunk, as the WebP container
// specification lays it out after the 12-byte RIFF header and the chunk's
// own 8: VP8X holds the canvas's, VP8 (lossy) and VP8L (lossless) the
// image's. It is 0, 0 for anything else, or shorter than any WebP.
func webpSize(b []byte) (int, int) {
	if len(b) < 30 || string(b[:4]) != "RIFF" || string(b[8:12]) != "WEBP" {
		return 0, 0
	}
	switch string(b[12:16]) {
	case "VP8X":
		// Flags and reserved (4 bytes), then width and height minus one,
		// 24 bits each.
		return 1 + uint24(b[24:27]), 1 + uint24(b[27:30])
	case "VP8 ":
		// A key frame's tag (3 bytes) and start code, then width and
		// height, 14 bits each.
		if !bytes.Equal(b[23:26], []byte{0x9d, 0x01, 0x2a}) {
			return 0, 0
		}
		return int(binary.LittleEndian.Uint16(b[26:28]) & 0x3fff), int(binary.LittleEndian.Uint16(b[28:30]) & 0x3fff)
	case "VP8L":
		// A signature byte, then width and height minus one, 14 bits each.
		if b[20] != 0x2f {
			return 0, 0
		}
		v := binary.LittleEndian.Uint32(b[21:25])
		return 1 + int(v&0x3fff), 1 + int(v>>14&0x3fff)
	}
	return 0, 0
}

// uint24 reads a little-endian 24-bit number.
func uint24(b []byte) int { return int(b[0]) | int(b[1])<<8 | int(b[2])<<16 }
