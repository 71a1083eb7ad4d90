package api

import (
	"net/http"
	"slices"

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

// downloadReport redirects to a fresh pre-signed URL of one of the
// report's files, made with the function's current credentials and valid
// for links.URLTTL.
func (s *Server) downloadReport(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	rec, err := s.report(r)
	if err != nil {
		return err
	}
	file := r.PathValue("file")
	if !slices.Contains(rec.Files, file) {
		return relais.Errorf(relais.ENOTFOUND, "the report has no file %q", file)
	}
	url, err := s.bucket.Link(r.Context(), relais.ReportObjectKey(rec.ClientID, rec.Period.Label, file), links.URLTTL)
	if err != nil {
		return err
	}
	http.Redirect(w, r, url, http.StatusFound)
	return nil
}
