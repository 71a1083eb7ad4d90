package api

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/links"
	"github.com/relais-dev/relais/internal/relais"
)

func (s *Server) listReports(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	rs, err := s.store.Reports(r.Context(), r.PathValue("client"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[relais.ReportRecord]{Items: nonNil(rs)})
}

// report reads the path's report of the path's client.
func (s *Server) report(r *http.Request) (relais.ReportRecord, error) {
	rec, err := s.store.Report(r.Context(), r.PathValue("client"), r.PathValue("period"))
	if relais.ErrorCode(err) == relais.ENOTFOUND {
		return rec, relais.Errorf(relais.ENOTFOUND, "no report for %q", r.PathValue("period"))
	}
	return rec, err
}

func (s *Server) getReport(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	rec, err := s.report(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rec)
}

// Files signs short-lived URLs of report files, to open or to save.
type Files interface {
	links.Bucket
	Download(ctx context.Context, key, filename string, ttl time.Duration) (string, error)
}

// fileLinks are a report file's fresh URLs, for a caller that asks for
// JSON: a browser page, which may not read the bucket itself, opens or
// saves the file through them.
type fileLinks struct {
	URL      string    `json:"url"`
	Download string    `json:"download"`
	Expires  time.Time `json:"expires"`
}

// downloadReport redirects to a fresh pre-signed URL of one of the
// report's files, made with the function's current credentials and valid
// for links.URLTTL; asked for JSON, it answers that URL and one that
// saves the file.
func (s *Server) downloadReport(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	rec, err := s.report(r)
	if err != nil {
		return err
	}
	file := r.PathValue("file")
	if !slices.Contains(rec.Files, file) {
		return relais.Errorf(relais.ENOTFOUND, "the report has no file %q", file)
	}
	key := relais.ReportObjectKey(rec.ClientID, rec.Period.Label, file)
	url, err := s.bucket.Link(r.Context(), key, links.URLTTL)
	if err != nil {
		return err
	}
	if !strings.Contains(r.Header.Get("Accept"), "application/json") {
		http.Redirect(w, r, url, http.StatusFound)
		return nil
	}
	out := fileLinks{URL: url, Expires: s.Now().Add(links.URLTTL).UTC()}
	if out.Download, err = s.bucket.Download(r.Context(), key, rec.ClientID+"-"+rec.Period.Label+"-"+file, links.URLTTL); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
