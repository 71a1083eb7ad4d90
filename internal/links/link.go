// Package links serves report links that keep their word: a signed,
// expiring, revocable token that the API answers with a fresh, short-lived
// pre-signed URL, made with the serving function's current credentials,
// so that a link lives as long as it says whatever the credentials of the
// function that issued it.
//
// The package holds the domain logic only: the store, the signing key's
// parameter and the bucket are narrow interfaces its callers wire.
package links

import (
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/relais-dev/relais/internal/relais"
)

// DefaultTTL is how long a report link lives unless told otherwise: the
// seven days Report Ready promises.
const DefaultTTL = 7 * 24 * time.Hour

// MaxTTL bounds how long a link may live.
const MaxTTL = 90 * 24 * time.Hour

// Formats are the report files a link may open, by their extension.
var Formats = []string{"html", "csv", "json"}

// periodPattern is a concrete report period's label: an ISO week, a month
// or a range of days. previous-week and previous-month are resolved before
// a report is written, so no object carries them.
var periodPattern = regexp.MustCompile(`^(\d{4}-W\d{2}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2})$`)

// Report names one report file of one client.
type Report struct {
	ClientID string
	Period   string
	Format   string
}

// Validate checks that the report names a client's report file and
// nothing else: no part of it can reach outside the client's reports.
func (r Report) Validate() error {
	if err := relais.ValidateID("client", r.ClientID); err != nil {
		return err
	}
	if !periodPattern.MatchString(r.Period) {
		return relais.Errorf(relais.EINVALID, "invalid report period %q: use 2026-W47, 2026-11 or 2026-11-01..2026-11-15", r.Period)
	}
	if !slices.Contains(Formats, r.Format) {
		return relais.Errorf(relais.EINVALID, "invalid report format %q: use html, csv or json", r.Format)
	}
	return nil
}

// ObjectKey is where the report file is in the reports bucket.
func (r Report) ObjectKey() string {
	return relais.ReportObjectKey(r.ClientID, r.Period, "report."+r.Format)
}

// Link is one link, as stored under its client and as its token says:
// to a report file, or, when it names a Reviewer, to the review of the
// client's posts by that person, who needs no account.
type Link struct {
	ID string
	Report
	Reviewer string
	Expires  time.Time
}

// maxReviewer bounds a reviewer's name, which the audit trail shows.
const maxReviewer = 64

// IsReview reports whether the link lets a person review its client's
// posts, rather than open a report.
func (l Link) IsReview() bool { return l.Reviewer != "" }

// Validate checks a link before it is signed or stored.
func (l Link) Validate() error {
	if err := relais.ValidateID("link", l.ID); err != nil {
		return err
	}
	if l.Expires.IsZero() {
		return relais.Errorf(relais.EINVALID, "link %s has no expiry", l.ID)
	}
	if !l.IsReview() {
		return l.Report.Validate()
	}
	if err := relais.ValidateID("client", l.ClientID); err != nil {
		return err
	}
	if l.Period != "" || l.Format != "" {
		return relais.Errorf(relais.EINVALID, "a review link names no report")
	}
	if len(l.Reviewer) > maxReviewer || strings.TrimSpace(l.Reviewer) != l.Reviewer || strings.ContainsFunc(l.Reviewer, unicode.IsControl) {
		return relais.Errorf(relais.EINVALID, "a reviewer's name is 1 to %d characters, without control characters or surrounding spaces", maxReviewer)
	}
	return nil
}
