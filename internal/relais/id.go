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

// IDTime is the creation time, to the second, an id made by NewID
// carries.
func IDTime(id string) (time.Time, bool) {
	if len(id) < 15 {
		return time.Time{}, false
	}
	at, err := time.Parse("20060102150405", id[1:15])
	return at, err == nil
}
