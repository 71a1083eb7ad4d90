package gbpfake

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relais-dev/relais/internal/netfake"
)

const (
	// maxSummary is a post's longest summary, in characters (Google's
	// Business Profile help centre).
	maxSummary = 1500
	// firstPostID makes post ids look like Google's long numbers.
	firstPostID = 1_234_567_890_000_000_000
)

// LocalPost is a local post as the fake stores it.
type LocalPost struct {
	// Name is accounts/…/locations/…/localPosts/{id}.
	Name         string
	Location     string
	Summary      string
	TopicType    string
	CallToAction *CallToAction
	Event        *Event
	Offer        *Offer
	Media        []Media
	CreateTime   time.Time
}

// CallToAction, Event, TimeInterval, Date, TimeOfDay, Offer and Media are
// a LocalPost's parts, in the API's JSON.
type CallToAction struct {
	ActionType string `json:"actionType"`
	URL        string `json:"url,omitempty"`
}

type Event struct {
	Title    string        `json:"title"`
	Schedule *TimeInterval `json:"schedule"`
}

type TimeInterval struct {
	StartDate *Date      `json:"startDate"`
	StartTime *TimeOfDay `json:"startTime,omitempty"`
	EndDate   *Date      `json:"endDate"`
	EndTime   *TimeOfDay `json:"endTime,omitempty"`
}

type Date struct {
	Year  int `json:"year"`
	Month int `json:"month"`
	Day   int `json:"day"`
}

type TimeOfDay struct {
	Hours   int `json:"hours"`
	Minutes int `json:"minutes"`
	Seconds int `json:"seconds,omitempty"`
	Nanos   int `json:"nanos,omitempty"`
}

type Offer struct {
	CouponCode      string `json:"couponCode,omitempty"`
	RedeemOnlineURL string `json:"redeemOnlineUrl,omitempty"`
	TermsConditions string `json:"termsConditions,omitempty"`
}

type Media struct {
	MediaFormat string `json:"mediaFormat"`
	SourceURL   string `json:"sourceUrl"`
}

// wirePost is a LocalPost in the API's JSON; output fields are ignored
// in a create.
type wirePost struct {
	Name         string        `json:"name,omitempty"`
	Summary      string        `json:"summary,omitempty"`
	TopicType    string        `json:"topicType"`
	CallToAction *CallToAction `json:"callToAction,omitempty"`
	Event        *Event        `json:"event,omitempty"`
	Offer        *Offer        `json:"offer,omitempty"`
	Media        []Media       `json:"media,omitempty"`
	State        string        `json:"state,omitempty"`
	SearchURL    string        `json:"searchUrl,omitempty"`
	CreateTime   string        `json:"createTime,omitempty"`
	UpdateTime   string        `json:"updateTime,omitempty"`
}

func (p LocalPost) wire() wirePost {
	t := p.CreateTime.Format(time.RFC3339Nano)
	id := p.Name[strings.LastIndexByte(p.Name, '/')+1:]
	return wirePost{Name: p.Name, Summary: p.Summary, TopicType: p.TopicType, CallToAction: p.CallToAction, Event: p.Event,
		Offer: p.Offer, Media: p.Media, State: "LIVE", SearchURL: "https://local.google.com/place?use=posts&lpsid=" + id,
		CreateTime: t, UpdateTime: t}
}

// Posts returns a location's local posts, oldest first.
func (s *Server) Posts(location string) []LocalPost {
	location = strings.Trim(location, "/")
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []LocalPost
	for _, p := range s.posts {
		if p.Location == location {
			out = append(out, p)
		}
	}
	return out
}

func (s *Server) createPost(w http.ResponseWriter, r *http.Request) {
	location, ok := s.location(w, r)
	if !ok {
		return
	}
	var in wirePost
	if !readJSON(w, r, &in) {
		return
	}
	if field, why := invalidPost(in); field != "" {
		writeInvalid(w, field, "%s", why)
		return
	}
	if in.TopicType == "OFFER" {
		in.CallToAction = nil // "Ignored for topic type OFFER."
	}
	s.mu.Lock()
	s.seq++
	p := LocalPost{Name: fmt.Sprintf("%s/localPosts/%d", location, firstPostID+s.seq), Location: location, Summary: in.Summary,
		TopicType: in.TopicType, CallToAction: in.CallToAction, Event: in.Event, Offer: in.Offer, Media: in.Media, CreateTime: s.Now().UTC()}
	s.posts = append(s.posts, p)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, p.wire())
}

// actionTypes are the buttons a post may carry (GET_OFFER is deprecated
// for the offer field).
var actionTypes = []string{"BOOK", "ORDER", "SHOP", "LEARN_MORE", "SIGN_UP", "CALL"}

// invalidPost returns the first field Google would refuse, and why.
func invalidPost(p wirePost) (field, why string) {
	switch {
	case !slices.Contains([]string{"STANDARD", "EVENT", "OFFER"}, p.TopicType):
		return "topic_type", "the fake takes STANDARD, EVENT and OFFER posts"
	case utf8.RuneCountInString(p.Summary) > maxSummary:
		return "summary", fmt.Sprintf("longer than %d characters", maxSummary)
	case p.TopicType == "STANDARD" && strings.TrimSpace(p.Summary) == "" && len(p.Media) == 0:
		return "summary", "a post needs a summary or a photo"
	case p.TopicType != "STANDARD" && p.Event == nil:
		return "event", "required for topic types EVENT and OFFER"
	case p.Offer != nil && p.TopicType != "OFFER":
		return "offer", "only set when the topic type is OFFER"
	case p.Offer != nil && p.Offer.RedeemOnlineURL != "" && !webAddress(p.Offer.RedeemOnlineURL):
		return "offer.redeem_online_url", "not a web address"
	case len(p.Media) > 1:
		return "media", "the fake takes one photo per post"
	}
	if p.Event != nil {
		if field, why := invalidEvent(*p.Event); field != "" {
			return field, why
		}
	}
	if a := p.CallToAction; a != nil && p.TopicType != "OFFER" {
		switch {
		case !slices.Contains(actionTypes, a.ActionType):
			return "call_to_action.action_type", fmt.Sprintf("want one of %s", strings.Join(actionTypes, ", "))
		case a.ActionType == "CALL" && a.URL != "":
			return "call_to_action.url", "leave unset for a CALL button"
		case a.ActionType != "CALL" && !webAddress(a.URL):
			return "call_to_action.url", "not a web address"
		}
	}
	for _, m := range p.Media {
		switch {
		case m.MediaFormat != "PHOTO":
			return "media.media_format", "a local post takes photos"
		case !webAddress(m.SourceURL):
			return "media.source_url", "not a web address Google can fetch"
		}
	}
	return "", ""
}

func invalidEvent(e Event) (field, why string) {
	s := e.Schedule
	switch {
	case strings.TrimSpace(e.Title) == "":
		return "event.title", "required"
	case s == nil || s.StartDate == nil || s.EndDate == nil:
		return "event.schedule", "a start date and an end date are required"
	case !validDate(*s.StartDate) || !validDate(*s.EndDate):
		return "event.schedule", "not a date"
	case !validTime(s.StartTime) || !validTime(s.EndTime):
		return "event.schedule", "not a time of day"
	case instant(*s.EndDate, s.EndTime).Before(instant(*s.StartDate, s.StartTime)):
		return "event.schedule", "ends before it starts"
	}
	return "", ""
}

func validDate(d Date) bool {
	t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	return d.Year >= 1 && d.Year <= 9999 && t.Year() == d.Year && int(t.Month()) == d.Month && t.Day() == d.Day
}

func validTime(t *TimeOfDay) bool {
	return t == nil || t.Hours >= 0 && t.Hours <= 23 && t.Minutes >= 0 && t.Minutes <= 59 && t.Seconds >= 0 && t.Seconds <= 59
}

func instant(d Date, t *TimeOfDay) time.Time {
	var h, m int
	if t != nil {
		h, m = t.Hours, t.Minutes
	}
	return time.Date(d.Year, time.Month(d.Month), d.Day, h, m, 0, 0, time.UTC)
}

func webAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// listPosts lists a location's posts, newest first (Google documents no
// order), pageSize 1 to 100 (default 20).
func (s *Server) listPosts(w http.ResponseWriter, r *http.Request) {
	location, ok := s.location(w, r)
	if !ok {
		return
	}
	size, start, ok := paging(w, r, 20, 100)
	if !ok {
		return
	}
	posts := s.Posts(location)
	slices.SortStableFunc(posts, func(a, b LocalPost) int { return cmp.Compare(b.CreateTime.UnixNano(), a.CreateTime.UnixNano()) })
	if netfake.Stale(r) && len(posts) > 0 {
		posts = posts[1:]
	}
	out := struct {
		LocalPosts    []wirePost `json:"localPosts,omitempty"`
		NextPageToken string     `json:"nextPageToken,omitempty"`
	}{NextPageToken: nextPage(start, size, len(posts))}
	for _, p := range posts[min(start, len(posts)):min(start+size, len(posts))] {
		out.LocalPosts = append(out.LocalPosts, p.wire())
	}
	writeJSON(w, http.StatusOK, out)
}
