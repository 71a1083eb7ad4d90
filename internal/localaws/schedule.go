package localaws

import (
	"fmt"
	"regexp"
	"time"
)

// Scheduler defaults and limits, as AWS documents them.
const (
	defaultScheduleGroup = "default"
	// maxRetryAttempts and maxEventAge are also the retry defaults.
	maxRetryAttempts         = 185
	maxEventAge              = 86400
	minEventAge              = 60
	maxScheduleDescription   = 512
	maxFlexibleWindowMinutes = 1440
	maxListSchedules         = 100
)

var scheduleNamePattern = regexp.MustCompile(`^[0-9a-zA-Z\-_.]{1,64}$`)

type scheduleKey struct{ group, name string }

func (k scheduleKey) String() string { return k.group + "/" + k.name }

type flexibleTimeWindow struct {
	Mode                   string
	MaximumWindowInMinutes *int `json:",omitempty"`
}

type retryPolicy struct {
	MaximumEventAgeInSeconds *int `json:",omitempty"`
	MaximumRetryAttempts     *int `json:",omitempty"`
}

type deadLetterConfig struct {
	Arn string `json:",omitempty"`
}

type scheduleTarget struct {
	Arn              string
	RoleArn          string
	Input            *string           `json:",omitempty"`
	RetryPolicy      *retryPolicy      `json:",omitempty"`
	DeadLetterConfig *deadLetterConfig `json:",omitempty"`
}

// scheduleSpec is what CreateSchedule and UpdateSchedule send, and the core
// of what GetSchedule answers.
type scheduleSpec struct {
	ActionAfterCompletion      string              `json:",omitempty"`
	Description                string              `json:",omitempty"`
	EndDate                    *epochSeconds       `json:",omitempty"`
	FlexibleTimeWindow         *flexibleTimeWindow `json:",omitempty"`
	GroupName                  string              `json:",omitempty"`
	KmsKeyArn                  string              `json:",omitempty"`
	ScheduleExpression         string              `json:",omitempty"`
	ScheduleExpressionTimezone string              `json:",omitempty"`
	StartDate                  *epochSeconds       `json:",omitempty"`
	State                      string              `json:",omitempty"`
	Target                     *scheduleTarget     `json:",omitempty"`
}

// schedule is a stored schedule and when it fires next.
type schedule struct {
	spec     scheduleSpec
	arn      string
	rec      recurrence
	oneTime  bool
	created  time.Time
	modified time.Time
	// next is the next occurrence; zero once it will not fire again.
	next time.Time
}

// newSchedule validates a request as Scheduler does, fills in the defaults
// GetSchedule shows, and computes the first occurrence from now.
func (s *Server) newSchedule(name string, spec scheduleSpec, now time.Time) (*schedule, error) {
	if !scheduleNamePattern.MatchString(name) {
		return nil, validationError("Schedule name %q must be 1 to 64 letters, digits, '.', '-' or '_'.", name)
	}
	spec.GroupName = groupOrDefault(spec.GroupName)
	if !scheduleNamePattern.MatchString(spec.GroupName) {
		return nil, validationError("Schedule group name %q must be 1 to 64 letters, digits, '.', '-' or '_'.", spec.GroupName)
	}
	if err := validateScheduleSpec(&spec); err != nil {
		return nil, err
	}
	loc, err := loadZone(spec.ScheduleExpressionTimezone)
	if err != nil {
		return nil, validationError("Invalid ScheduleExpressionTimezone: %v", err)
	}
	anchor := now
	if spec.StartDate != nil {
		anchor = spec.StartDate.Time
	}
	rec, err := parseExpression(spec.ScheduleExpression, loc, anchor)
	if err != nil {
		return nil, validationError("Invalid Schedule Expression %s: %v", spec.ScheduleExpression, err)
	}
	_, once := rec.(oneTime)
	sc := &schedule{
		spec:     spec,
		arn:      fmt.Sprintf("arn:aws:scheduler:%s:%s:schedule/%s/%s", s.region, s.account, spec.GroupName, name),
		rec:      rec,
		oneTime:  once,
		created:  now,
		modified: now,
	}
	sc.next = sc.occurrenceFrom(now)
	return sc, nil
}

func validateScheduleSpec(spec *scheduleSpec) error {
	if spec.ScheduleExpression == "" {
		return validationError("ScheduleExpression is required.")
	}
	if len(spec.Description) > maxScheduleDescription {
		return validationError("Description must be at most %d characters.", maxScheduleDescription)
	}
	switch spec.State {
	case "":
		spec.State = "ENABLED"
	case "ENABLED", "DISABLED":
	default:
		return validationError("State must be ENABLED or DISABLED, not %q.", spec.State)
	}
	switch spec.ActionAfterCompletion {
	case "":
		spec.ActionAfterCompletion = "NONE"
	case "NONE", "DELETE":
	default:
		return validationError("ActionAfterCompletion must be NONE or DELETE, not %q.", spec.ActionAfterCompletion)
	}
	if err := validateWindow(spec.FlexibleTimeWindow); err != nil {
		return err
	}
	if spec.StartDate != nil && spec.EndDate != nil && !spec.EndDate.After(spec.StartDate.Time) {
		return validationError("The EndDate must be after the StartDate.")
	}
	return validateTarget(spec.Target)
}

// validateWindow checks FlexibleTimeWindow. Locally a flexible schedule
// fires at the start of its window.
func validateWindow(w *flexibleTimeWindow) error {
	if w == nil {
		return validationError("FlexibleTimeWindow is required.")
	}
	switch w.Mode {
	case "OFF":
		if w.MaximumWindowInMinutes != nil {
			return validationError("MaximumWindowInMinutes must not be set when FlexibleTimeWindow Mode is OFF.")
		}
	case "FLEXIBLE":
		if w.MaximumWindowInMinutes == nil || *w.MaximumWindowInMinutes < 1 || *w.MaximumWindowInMinutes > maxFlexibleWindowMinutes {
			return validationError("MaximumWindowInMinutes must be between 1 and %d when FlexibleTimeWindow Mode is FLEXIBLE.", maxFlexibleWindowMinutes)
		}
	default:
		return validationError("FlexibleTimeWindow Mode must be OFF or FLEXIBLE, not %q.", w.Mode)
	}
	return nil
}

func validateTarget(t *scheduleTarget) error {
	if t == nil {
		return validationError("Target is required.")
	}
	if t.Arn == "" || t.RoleArn == "" {
		return validationError("Target Arn and RoleArn are required.")
	}
	if t.RetryPolicy == nil {
		t.RetryPolicy = &retryPolicy{}
	}
	p := t.RetryPolicy
	if p.MaximumRetryAttempts == nil {
		p.MaximumRetryAttempts = ptr(maxRetryAttempts)
	}
	if p.MaximumEventAgeInSeconds == nil {
		p.MaximumEventAgeInSeconds = ptr(maxEventAge)
	}
	if n := *p.MaximumRetryAttempts; n < 0 || n > maxRetryAttempts {
		return validationError("MaximumRetryAttempts must be between 0 and %d.", maxRetryAttempts)
	}
	if n := *p.MaximumEventAgeInSeconds; n < minEventAge || n > maxEventAge {
		return validationError("MaximumEventAgeInSeconds must be between %d and %d.", minEventAge, maxEventAge)
	}
	return nil
}

// occurrenceFrom returns the first occurrence at or after t within the
// schedule's start and end dates, which one-time schedules ignore.
func (sc *schedule) occurrenceFrom(t time.Time) time.Time {
	if sc.oneTime {
		return sc.rec.next(t)
	}
	if start := sc.spec.StartDate; start != nil && t.Before(start.Time) {
		t = start.Time
	}
	at := sc.rec.next(t)
	if end := sc.spec.EndDate; end != nil && at.After(end.Time) {
		return time.Time{}
	}
	return at
}

func groupOrDefault(group string) string {
	if group == "" {
		return defaultScheduleGroup
	}
	return group
}

func ptr[T any](v T) *T { return &v }
