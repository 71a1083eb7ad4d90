package pinterestfake

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// analyticsWindow is how far back a start_date may be, and how far past
// it an end_date.
const analyticsWindow = 90 * 24 * time.Hour

// Pin metric types the fake knows: Pinterest's standard ones.
var metricTypes = []string{"IMPRESSION", "OUTBOUND_CLICK", "PIN_CLICK", "SAVE", "SAVE_RATE", "TOTAL_COMMENTS", "TOTAL_REACTIONS", "USER_FOLLOW", "PROFILE_VISIT"}

// analytics handles GET /v5/pins/{pin_id}/analytics for a Pin on one of
// the person's boards: from Server.Engagement, the period's impressions
// and saves, and the lifetime's reactions and comments, keyed by app type
// ("all", unsplit).
func (s *Server) analytics(w http.ResponseWriter, r *http.Request, userID string) {
	q := r.URL.Query()
	start, serr := time.Parse(time.DateOnly, q.Get("start_date"))
	end, eerr := time.Parse(time.DateOnly, q.Get("end_date"))
	today := s.Now().UTC().Truncate(24 * time.Hour)
	metrics := strings.Split(q.Get("metric_types"), ",")
	switch {
	case serr != nil || eerr != nil || end.Before(start) || start.Before(today.Add(-analyticsWindow)) || end.Sub(start) > analyticsWindow:
		writeError(w, http.StatusBadRequest, "Invalid pins analytics parameters.")
		return
	case slices.ContainsFunc(metrics, func(m string) bool { return !slices.Contains(metricTypes, m) }):
		writeError(w, http.StatusBadRequest, "Invalid pins analytics parameters.")
		return
	case q.Get("split_field") != "" && q.Get("split_field") != "NO_SPLIT":
		writeError(w, http.StatusBadRequest, "Invalid pins analytics parameters: the fake splits nothing.")
		return
	}
	s.mu.Lock()
	var pin Pin
	for _, p := range s.pins {
		if p.ID == r.PathValue("pin_id") {
			pin = p
		}
	}
	owned := pin.ID != "" && s.boards[pin.BoardID].owner == userID
	s.mu.Unlock()
	switch {
	case pin.ID == "":
		writeError(w, http.StatusNotFound, "Pin not found.")
		return
	case !owned:
		writeError(w, http.StatusForbidden, "Not authorized to access board or Pin.")
		return
	}
	m := s.Engagement.Get(pin.ID)
	summary, lifetime := map[string]int64{}, map[string]int64{}
	for _, name := range metrics {
		switch name {
		case "IMPRESSION":
			summary[name] = m.Impressions
		case "SAVE":
			summary[name] = m.Shares
		case "TOTAL_REACTIONS":
			lifetime[name] = m.Likes
		case "TOTAL_COMMENTS":
			lifetime[name] = m.Comments
		default:
			summary[name] = 0
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"all": map[string]any{
		"daily_metrics":    []any{},
		"summary_metrics":  summary,
		"lifetime_metrics": lifetime,
	}})
}
