package gbp

import (
	"time"

	"github.com/relais-dev/relais/internal/relais"
)

// The options a post to Google Business Profile gives (relais.Spec.Options)
// to be an event or an offer rather than an update, as the CLI
// (--option topic=EVENT --option title=…) and the API name them.
const (
	OptionTopic  = "topic"
	OptionAction = "action"
	OptionTitle  = "title"
	OptionStart  = "start"
	OptionEnd    = "end"
	OptionAllDay = "all_day"
	OptionCoupon = "coupon"
	OptionTerms  = "terms"
)

// wallClock is how start and end are written: the location's wall clock,
// to the minute, or a date for a whole day.
const (
	wallClock = "2006-01-02T15:04"
	dateOnly  = "2006-01-02"
)

var options = []relais.Option{
	{Name: OptionTopic, Values: []string{string(TopicStandard), string(TopicEvent), string(TopicOffer)}, Help: "an update (the default), an event or an offer"},
	{Name: OptionAction, Values: []string{string(ActionLearnMore), string(ActionBook), string(ActionOrder), string(ActionShop), string(ActionSignUp), string(ActionCall)},
		Help: "the button of an update or an event; LEARN_MORE to the link by default"},
	{Name: OptionTitle, Text: true, Help: "the event's or the offer's title"},
	{Name: OptionStart, Text: true, Help: "when the event or offer starts, as the location's clock reads: 2026-12-24T18:00, or a date"},
	{Name: OptionEnd, Text: true, Help: "when it ends, written as start"},
	{Name: OptionAllDay, Help: "the event or offer holds whole days: its dates alone are sent"},
	{Name: OptionCoupon, Text: true, Help: "an offer's coupon code"},
	{Name: OptionTerms, Text: true, Help: "an offer's terms and conditions"},
}

// topicOf reads a post's topic from its options, as the guards checked
// them against Spec.Options.
func topicOf(o map[string]string) (Topic, error) {
	t := Topic{Type: TopicType(o[OptionTopic]), Action: ActionType(o[OptionAction]), Title: o[OptionTitle],
		AllDay: o[OptionAllDay] == "true", Coupon: o[OptionCoupon], Terms: o[OptionTerms]}
	for name, at := range map[string]*time.Time{OptionStart: &t.Start, OptionEnd: &t.End} {
		v := o[name]
		if v == "" {
			continue
		}
		var err error
		if *at, err = time.Parse(wallClock, v); err != nil {
			if *at, err = time.Parse(dateOnly, v); err != nil {
				return Topic{}, relais.Errorf(relais.EINVALID, "option %s is %q: want the location's clock, 2026-12-24T18:00, or a date, 2026-12-24", name, v)
			}
		}
	}
	return t, t.check()
}

// checkTopic is Spec.CheckContent: the post's topic, with its words and
// link, as Google would take them.
func checkTopic(c relais.Content) error {
	t, err := topicOf(c.Options)
	if err != nil {
		return err
	}
	return t.Check(c)
}
