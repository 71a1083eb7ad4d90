// Package tid writes and checks atproto TIDs, the record keys Bluesky's
// posts take: 64 bits (a zero bit, 53 bits of microseconds since 1970, a
// 10-bit clock id) in base32-sortable, 13 characters.
package tid

import "strings"

// alphabet is base32-sortable: a later TID sorts after as text.
const alphabet = "234567abcdefghijklmnopqrstuvwxyz"

// Length is a TID's length in characters.
const Length = 13

// Encode returns the TID of a time in microseconds since 1970 (below 2^53,
// so the top bit stays zero) and a clock id (its low 10 bits).
func Encode(micros int64, clock uint16) string {
	v := uint64(micros)<<10 | uint64(clock&0x3ff)
	var b [Length]byte
	for i := Length - 1; i >= 0; i-- {
		b[i] = alphabet[v&31]
		v >>= 5
	}
	return string(b[:])
}

// Valid reports whether s is a TID.
func Valid(s string) bool {
	if len(s) != Length || strings.IndexByte(alphabet[:16], s[0]) < 0 {
		return false
	}
	for i := 1; i < Length; i++ {
		if strings.IndexByte(alphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}
