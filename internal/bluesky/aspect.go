package bluesky

import (
	"bytes"
	"encoding/binary"
)

// aspectRatio is an image's width and height. It is optional in the
// lexicon, but without it Bluesky's apps box the image in a square.
type aspectRatio struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

// aspectOf reads an image's size from its header (JPEG, PNG, GIF, WebP),
// without Go's image decoders, which would weigh on every function that
// publishes. It is nil for any other image, which a post can do without.
// A JPEG's EXIF orientation is not applied: Bluesky's CDN serves the
// pixels as stored, without it.
func aspectOf(b []byte) *aspectRatio {
	w, h := webpSize(b)
	if w == 0 {
		w, h = pngSize(b)
	}
	if w == 0 {
		w, h = gifSize(b)
	}
	if w == 0 {
		w, h = jpegSize(b)
	}
	if w < 1 || h < 1 {
		return nil
	}
	return &aspectRatio{Width: w, Height: h}
}

// pngSize reads the IHDR chunk that follows PNG's 8-byte signature.
func pngSize(b []byte) (int, int) {
	if len(b) < 24 || string(b[:8]) != "\x89PNG\r\n\x1a\n" || string(b[12:16]) != "IHDR" {
		return 0, 0
	}
	return int(binary.BigEndian.Uint32(b[16:20])), int(binary.BigEndian.Uint32(b[20:24]))
}

// gifSize reads the logical screen that follows GIF's 6-byte signature.
func gifSize(b []byte) (int, int) {
	if len(b) < 10 || (string(b[:6]) != "GIF87a" && string(b[:6]) != "GIF89a") {
		return 0, 0
	}
	return int(binary.LittleEndian.Uint16(b[6:8])), int(binary.LittleEndian.Uint16(b[8:10]))
}

// jpegSize walks a JPEG's segments to its frame header (SOF0 to SOF15,
// but for DHT, JPG and DAC, which share the range), which holds the
// height then the width.
func jpegSize(b []byte) (int, int) {
	if len(b) < 4 || b[0] != 0xff || b[1] != 0xd8 {
		return 0, 0
	}
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			return 0, 0
		}
		marker := b[i+1]
		if marker == 0xff { // fill byte
			i++
			continue
		}
		if marker == 0xd9 || marker == 0xda { // end of image, start of scan
			return 0, 0
		}
		length := int(binary.BigEndian.Uint16(b[i+2 : i+4]))
		if marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc {
			if i+9 > len(b) || length < 7 {
				return 0, 0
			}
			return int(binary.BigEndian.Uint16(b[i+7 : i+9])), int(binary.BigEndian.Uint16(b[i+5 : i+7]))
		}
		if length < 2 {
			return 0, 0
		}
		i += 2 + length
	}
	return 0, 0
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
