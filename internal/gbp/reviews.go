package gbp

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

var _ relais.NetworkPoller = (*Client)(nil)

const (
	// reviewPage is the largest page reviews.list serves.
	reviewPage = 50
	// maxReviewPages bounds one poll: when more reviews than that changed
	// since the last poll, the oldest of them are not read.
	maxReviewPages = 10
	// lookBack is how far behind the newest review read each poll reads
	// again. Google may publish a review after holding it for checks,
	// under an updateTime older than reviews already read; one that comes
	// later than this behind is missed.
	lookBack = 24 * time.Hour
)

// review is a Review, as reviews.list and reviews.get give it.
type review struct {
	Name string `json:"name"`
	// Reviewer has no name when the reviewer chose to stay anonymous.
	Reviewer struct {
		DisplayName string `json:"displayName"`
	} `json:"reviewer"`
	Comment     string `json:"comment"`
	CreateTime  string `json:"createTime"`
	UpdateTime  string `json:"updateTime"`
	ReviewReply *struct {
		Comment    string `json:"comment"`
		UpdateTime string `json:"updateTime"`
	} `json:"reviewReply"`

	created, updated, replied time.Time // parsed
}

// parse reads the review's times; a reply without a readable time counts
// as made with the review's last change.
func (r *review) parse() error {
	var err error
	if r.created, err = time.Parse(time.RFC3339Nano, r.CreateTime); err != nil {
		return fmt.Errorf("review %s: unreadable createTime %q", netcall.Truncate(r.Name, 120), netcall.Truncate(r.CreateTime, 40))
	}
	if r.updated, err = time.Parse(time.RFC3339Nano, r.UpdateTime); err != nil {
		return fmt.Errorf("review %s: unreadable updateTime %q", netcall.Truncate(r.Name, 120), netcall.Truncate(r.UpdateTime, 40))
	}
	if r.ReviewReply != nil {
		if r.replied, err = time.Parse(time.RFC3339Nano, r.ReviewReply.UpdateTime); err != nil {
			r.replied = r.updated
		}
	}
	return nil
}

// Poll returns the location's reviews that are new or changed since
// cursor, oldest first: each review as a comment, or as an edit when its
// author changed it after writing it, and the location's answer to it,
// when it has one, as the account's own reply, so that Relais counts an
// answer given on Google and settles one it sent without knowing.
//
// Reviews come from GET …/reviews, newest change first. The cursor is
// Poll's own: the updateTime of the newest review read, then a short hash
// of the name and updateTime of each review read within lookBack of it.
// A poll reads pages down to lookBack before the cursor's time and
// returns the reviews not in the cursor, so that a review Google
// publishes late, or two changed in one instant, are still found and none
// is returned twice. A first poll (no cursor) reads the latest page only,
// to start from now rather than from the location's history; when older
// reviews remain, the cursor remembers where that page ended, so that the
// next polls do not return them either (nor a review Google publishes
// late behind that point).
//
// A review is an edit only when its author's change is the latest thing
// that happened to it: once the location answered it, a newer updateTime
// may be the answer's, and must not send the same words to be moderated
// again. A deleted review leaves the list without a trace, so Relais
// never hears of it.
func (c *Client) Poll(ctx context.Context, token, account, cursor string) (relais.Polled, error) {
	const op = "poll"
	loc, err := ParseLocation(account)
	if err != nil {
		return relais.Polled{}, invalid(op, "%v", err)
	}
	prev, err := parseCursor(cursor)
	if err != nil {
		return relais.Polled{}, refuse(op, err)
	}
	floor := prev.newest.Add(-lookBack)
	if prev.from.After(floor) {
		floor = prev.from
	}
	read, more, err := c.readReviews(ctx, op, token, loc, prev.newest.IsZero(), floor)
	if err != nil {
		return relais.Polled{}, err
	}
	next := pollCursor{newest: prev.newest, seen: map[string]bool{}, from: prev.from}
	for _, r := range read {
		if r.updated.After(next.newest) {
			next.newest = r.updated
		}
	}
	if prev.newest.IsZero() && more {
		next.from = read[len(read)-1].updated
	}
	if next.from.Before(next.newest.Add(-lookBack)) {
		next.from = time.Time{} // no poll reads that far back any more
	}
	// Oldest first: read is newest first, so reversed and sorted stably it
	// keeps reviews of one instant in the order listed, oldest first.
	slices.Reverse(read)
	slices.SortStableFunc(read, func(x, y review) int { return x.updated.Compare(y.updated) })
	var polled relais.Polled
	now := c.Now().UTC()
	for _, r := range read {
		h := reviewHash(r)
		if !r.updated.Before(next.newest.Add(-lookBack)) {
			next.seen[h] = true
		}
		if prev.seen[h] || r.updated.Before(prev.from) {
			continue
		}
		prev.seen[h] = true // a review listed twice across pages is returned once
		polled.Interactions = append(polled.Interactions, interactions(loc.String(), r, now)...)
	}
	polled.Cursor = next.String()
	return polled, nil
}

// readReviews reads reviews, newest change first, down to floor, or the
// latest page on a first poll; more says whether a first poll left older
// reviews unread.
func (c *Client) readReviews(ctx context.Context, op, token string, loc Location, first bool, floor time.Time) (read []review, more bool, err error) {
	k := call{op: op, method: http.MethodGet, path: loc.String() + "/reviews", token: token}
	page := ""
	for range maxReviewPages {
		k.query = url.Values{"pageSize": {strconv.Itoa(reviewPage)}, "orderBy": {"updateTime desc"}}
		if page != "" {
			k.query.Set("pageToken", page)
		}
		var list struct {
			Reviews       []review `json:"reviews"`
			NextPageToken string   `json:"nextPageToken"`
		}
		if err := c.do(ctx, k, &list); err != nil {
			return nil, false, err
		}
		done := first
		more = list.NextPageToken != ""
		for _, r := range list.Reviews {
			if err := r.parse(); err != nil {
				return nil, false, refuse(op, err)
			}
			if !first && r.updated.Before(floor) {
				done = true
				break
			}
			read = append(read, r)
		}
		if done || list.NextPageToken == "" || list.NextPageToken == page {
			break
		}
		page = list.NextPageToken
	}
	return read, more, nil
}

// interactions are what a review read by a poll of account brings: the
// review, and the location's answer to it.
func interactions(account string, r review, now time.Time) []relais.Interaction {
	in := relais.Interaction{
		Network:   Network,
		AccountID: account,
		ID:        r.Name,
		Kind:      relais.KindComment,
		// Google gives a reviewer no id, only a name (none when anonymous).
		Author:     relais.Author{Name: r.Reviewer.DisplayName},
		Text:       r.Comment,
		CreatedAt:  r.created,
		ReceivedAt: now,
	}
	answered := r.ReviewReply != nil && r.ReviewReply.Comment != ""
	if r.updated.After(r.created) && (!answered || r.replied.Before(r.updated)) {
		in.Kind, in.EditedAt = relais.KindEdit, r.updated
	}
	out := []relais.Interaction{in}
	if answered {
		out = append(out, relais.Interaction{
			Network:    Network,
			AccountID:  account,
			ID:         replyName(r.Name),
			ParentID:   r.Name,
			Kind:       relais.KindReply,
			Author:     relais.Author{ID: account},
			Text:       r.ReviewReply.Comment,
			CreatedAt:  r.replied,
			ReceivedAt: now,
		})
	}
	return out
}

// replyName is the name of a review's answer: a review has one, at
// {review}/reply.
func replyName(review string) string { return review + "/reply" }

// pollCursor is what Poll's cursor holds: the updateTime of the newest
// review read, the hashes of the reviews read within lookBack of it, and
// from, the updateTime where the first poll's page ended, before which
// reviews are history no poll returns (zero once out of lookBack).
type pollCursor struct {
	newest, from time.Time
	seen         map[string]bool
}

// fromField starts from's field in a cursor; neither a time nor a hash
// starts so.
const fromField = "from:"

// String writes the cursor as the time, then the hashes in order, then
// from after fromField, all separated by spaces; nothing read yet is "".
func (p pollCursor) String() string {
	if p.newest.IsZero() {
		return ""
	}
	fields := append([]string{p.newest.UTC().Format(time.RFC3339Nano)}, slices.Sorted(maps.Keys(p.seen))...)
	if !p.from.IsZero() {
		fields = append(fields, fromField+p.from.UTC().Format(time.RFC3339Nano))
	}
	return strings.Join(fields, " ")
}

func parseCursor(s string) (pollCursor, error) {
	p := pollCursor{seen: map[string]bool{}}
	bad := fmt.Errorf("invalid cursor %q", netcall.Truncate(s, 60))
	fields := strings.Fields(s)
	if n := len(fields); n > 0 && strings.HasPrefix(fields[n-1], fromField) {
		from, err := time.Parse(time.RFC3339Nano, strings.TrimPrefix(fields[n-1], fromField))
		if err != nil {
			return p, bad
		}
		p.from, fields = from, fields[:n-1]
	}
	if len(fields) == 0 {
		return p, nil
	}
	t, err := time.Parse(time.RFC3339Nano, fields[0])
	if err != nil {
		return p, bad
	}
	p.newest = t
	for _, h := range fields[1:] {
		p.seen[h] = true
	}
	return p, nil
}

// reviewHash is a review's state in a cursor: 72 bits of the SHA-256 of
// its name and updateTime, so that an edit is a new state.
func reviewHash(r review) string {
	sum := sha256.Sum256([]byte(r.Name + " " + r.updated.UTC().Format(time.RFC3339Nano)))
	return base64.RawURLEncoding.EncodeToString(sum[:9])
}
