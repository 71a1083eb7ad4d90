package gbp

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// TopicType is the kind of local post Google shows: an update ("what's
// new"), an event or an offer.
type TopicType string

const (
	TopicStandard TopicType = "STANDARD"
	TopicEvent    TopicType = "EVENT"
	TopicOffer    TopicType = "OFFER"
)

// ActionType is a local post's button.
type ActionType string

const (
	ActionLearnMore ActionType = "LEARN_MORE"
	ActionBook      ActionType = "BOOK"
	ActionOrder     ActionType = "ORDER"
	ActionShop      ActionType = "SHOP"
	ActionSignUp    ActionType = "SIGN_UP"
	// ActionCall calls the location's phone number: it takes no link.
	ActionCall ActionType = "CALL"
)

var actions = []ActionType{ActionLearnMore, ActionBook, ActionOrder, ActionShop, ActionSignUp, ActionCall}

// Topic is what a post says to Google beyond its words, link and photo:
// its kind, its button, and an event's or offer's details. Its zero value
// is a standard post, with a LEARN_MORE button to the link when the post
// has one. Its JSON is how a post would carry it for this network.
type Topic struct {
	Type TopicType `json:"type,omitempty"`
	// Action is the button of a standard or event post, which opens the
	// post's link (CALL, which calls the location, takes none). An offer
	// has no button: Google ignores it, and the offer's link is where it
	// is redeemed.
	Action ActionType `json:"action,omitempty"`
	// Title names the event or the offer.
	Title string `json:"title,omitempty"`
	// Start and End are when the event runs or the offer holds, as the
	// location's wall clock reads: their date, hour and minute are sent
	// as written, whatever their time zone. AllDay sends the dates alone.
	Start  time.Time `json:"start,omitzero"`
	End    time.Time `json:"end,omitzero"`
	AllDay bool      `json:"allDay,omitempty"`
	// Coupon and Terms are an offer's code and its terms and conditions.
	Coupon string `json:"coupon,omitempty"`
	Terms  string `json:"terms,omitempty"`
}

// ParseTopic reads a Topic from its JSON, refusing fields it does not
// know, and checks it stands on its own (Check then checks it with the
// post's content).
func ParseTopic(b []byte) (Topic, error) {
	var t Topic
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return Topic{}, relais.Errorf(relais.EINVALID, "the Google Business Profile topic does not read: %v", err)
	}
	return t, t.check()
}

// Check refuses, with an EINVALID error, a topic Google would refuse for
// content c, or that would lose part of it.
func (t Topic) Check(c relais.Content) error {
	if err := t.check(); err != nil {
		return err
	}
	switch {
	case t.kind() == TopicStandard && strings.TrimSpace(c.Text) == "":
		return relais.Errorf(relais.EINVALID, "a Google Business Profile update needs text")
	case t.Action == ActionCall && c.Link != "":
		return relais.Errorf(relais.EINVALID, "a CALL button calls the location and takes no link; remove the link or choose another button")
	case t.Action != "" && t.Action != ActionCall && c.Link == "":
		return relais.Errorf(relais.EINVALID, "a %s button opens the post's link, and the post has none", t.Action)
	}
	return nil
}

// check is what Check refuses of the topic alone.
func (t Topic) check() error {
	kind := t.kind()
	switch {
	case !slices.Contains([]TopicType{TopicStandard, TopicEvent, TopicOffer}, kind):
		return relais.Errorf(relais.EINVALID, "topic type %q: want STANDARD, EVENT or OFFER", t.Type)
	case t.Action != "" && !slices.Contains(actions, t.Action):
		return relais.Errorf(relais.EINVALID, "button %q: want LEARN_MORE, BOOK, ORDER, SHOP, SIGN_UP or CALL", t.Action)
	case kind == TopicOffer && t.Action != "":
		return relais.Errorf(relais.EINVALID, "an offer has no button: its link is where it is redeemed")
	case kind != TopicOffer && (t.Coupon != "" || t.Terms != ""):
		return relais.Errorf(relais.EINVALID, "a coupon and terms belong to an offer")
	case kind == TopicStandard && (t.Title != "" || !t.Start.IsZero() || !t.End.IsZero() || t.AllDay):
		return relais.Errorf(relais.EINVALID, "a title and dates belong to an event or an offer")
	case kind == TopicStandard:
		return nil
	case strings.TrimSpace(t.Title) == "":
		return relais.Errorf(relais.EINVALID, "an %s needs a title", strings.ToLower(string(kind)))
	case t.Start.IsZero() || t.End.IsZero():
		return relais.Errorf(relais.EINVALID, "an %s needs a start and an end", strings.ToLower(string(kind)))
	case wall(t.End, t.AllDay).Before(wall(t.Start, t.AllDay)):
		return relais.Errorf(relais.EINVALID, "the %s ends before it starts", strings.ToLower(string(kind)))
	}
	return nil
}

func (t Topic) kind() TopicType {
	if t.Type == "" {
		return TopicStandard
	}
	return t.Type
}

// wall is t's wall-clock reading, to compare two times as the location
// reads them; a whole day keeps its date alone.
func wall(t time.Time, allDay bool) time.Time {
	y, m, d := t.Date()
	if allDay {
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return time.Date(y, m, d, t.Hour(), t.Minute(), 0, 0, time.UTC)
}

// post is the local post that content c with topic t makes. The link goes
// where the topic takes it: the button of an update or event, the
// redemption link of an offer; listed back, it is read from there
// (contentOf), so that the post hashes as the content that made it.
func (t Topic) post(c relais.Content) localPost {
	p := localPost{Summary: c.Text, TopicType: string(t.kind())}
	if t.kind() != TopicStandard {
		p.Event = &event{Title: t.Title, Schedule: schedule(t.Start, t.End, t.AllDay)}
	}
	switch action := t.Action; {
	case t.kind() == TopicOffer:
		p.Offer = &offer{CouponCode: t.Coupon, RedeemOnlineURL: c.Link, TermsConditions: t.Terms}
	case action == ActionCall:
		p.CallToAction = &callToAction{ActionType: string(ActionCall)}
	case c.Link != "":
		if action == "" {
			action = ActionLearnMore
		}
		p.CallToAction = &callToAction{ActionType: string(action), URL: c.Link}
	}
	for _, a := range c.Attached() {
		p.Media = append(p.Media, mediaItem{MediaFormat: "PHOTO", SourceURL: a.URL})
	}
	return p
}

// schedule is Google's TimeInterval from two wall-clock times.
func schedule(start, end time.Time, allDay bool) timeInterval {
	s := timeInterval{StartDate: dateOf(start), EndDate: dateOf(end)}
	if !allDay {
		s.StartTime, s.EndTime = timeOf(start), timeOf(end)
	}
	return s
}

func dateOf(t time.Time) date {
	return date{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}

func timeOf(t time.Time) *timeOfDay {
	return &timeOfDay{Hours: t.Hour(), Minutes: t.Minute()}
}
