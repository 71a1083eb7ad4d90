package gbpfake

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// paging reads pageSize (def when absent, 1 to most) and pageToken, or
// answers 400 and returns false. A page token is opaque to callers: the
// fake's holds the offset of the page's first item.
func paging(w http.ResponseWriter, r *http.Request, def, most int) (size, start int, ok bool) {
	q := r.URL.Query()
	size = def
	if v := q.Get("pageSize"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > most {
			writeInvalid(w, "page_size", "must be 1 to %d", most)
			return 0, 0, false
		}
		size = n
	}
	if t := q.Get("pageToken"); t != "" {
		b, err := base64.RawURLEncoding.DecodeString(t)
		n, ok := strings.CutPrefix(string(b), "offset:")
		start, aerr := strconv.Atoi(n)
		if err != nil || !ok || aerr != nil || start < 0 {
			writeInvalid(w, "page_token", "invalid page token")
			return 0, 0, false
		}
		return size, start, true
	}
	return size, 0, true
}

// nextPage is the token of the page after the one from start, or "" when
// that page is the last of total items.
func nextPage(start, size, total int) string {
	if start+size >= total {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "offset:%d", start+size))
}
