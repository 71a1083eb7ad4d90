package relais

import (
	"crypto/rand"
	"encoding/hex"
	"time"
)

// NewID makes an id that sorts by creation time and cannot be guessed:
// a one-letter kind, the UTC second, then random bytes in hex.
func NewID(kind string, now time.Time, random int) string {
	b := make([]byte, random)
	// crypto/rand.Read never fails on supported platforms.
	_, _ = rand.Read(b)
	return kind + now.UTC().Format("20060102150405") + hex.EncodeToString(b)
}
