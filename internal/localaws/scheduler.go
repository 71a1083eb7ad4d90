package localaws

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Scheduler defaults and limits, as AWS documents them.
const (
	defaultScheduleGroup     = "default"
	defaultRetryAttempts     = 185
	defaultMaxEventAge       = 86400
	minMaxEventAge           = 60
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

type scheduleRequest struct {
	scheduleSpec
	ClientToken string `json:",omitempty"`
}

type scheduleDocument struct {
	scheduleSpec
	Arn                  string
	Name                 string
	CreationDate         epochSeconds
	LastModificationDate epochSeconds
}

type scheduleSummary struct {
	Arn                  string
	CreationDate         epochSeconds
	GroupName            string
	LastModificationDate epochSeconds
	Name                 string
	State                string
	Target               struct{ Arn string }
}

type listSchedulesOutput struct {
	Schedules []scheduleSummary
	NextToken string `json:",omitempty"`
}

type scheduleArnOutput struct {
	ScheduleArn string
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

// replay is the answer to an operation that carried a client token, kept so
// that a retry with the same token and request gets the same answer.
type replay struct {
	request [sha256.Size]byte
	out     any
}

// serveScheduler routes the REST-JSON Scheduler operations on /schedules.
func (s *Server) serveScheduler(w http.ResponseWriter, r *http.Request) {
	out, err := s.schedulerOperation(w, r)
	if err != nil {
		s.writeJSONError(w, contentTypeJSON, err)
		return
	}
	s.writeJSON(w, http.StatusOK, contentTypeJSON, out)
}

func (s *Server) schedulerOperation(w http.ResponseWriter, r *http.Request) (any, error) {
	path := r.URL.EscapedPath()
	if path == "/schedules" && r.Method == http.MethodGet {
		return s.listSchedules(r.URL.Query())
	}
	rawName, ok := strings.CutPrefix(path, "/schedules/")
	if !ok {
		return nil, newAPIError(http.StatusNotFound, "UnknownOperationException", "%s %s is not a Scheduler operation served locally", r.Method, path)
	}
	name, err := url.PathUnescape(rawName)
	if err != nil {
		return nil, validationError("schedule name in %s is not escaped correctly", path)
	}
	q := r.URL.Query()
	switch r.Method {
	case http.MethodGet:
		return s.getSchedule(scheduleKey{group: groupOrDefault(q.Get("groupName")), name: name})
	case http.MethodDelete:
		key := scheduleKey{group: groupOrDefault(q.Get("groupName")), name: name}
		return s.idempotent("DeleteSchedule", q.Get("clientToken"), []byte(key.String()), func() (any, error) {
			return s.deleteSchedule(key)
		})
	case http.MethodPost, http.MethodPut:
		body, err := readBody(w, r)
		if err != nil {
			return nil, err
		}
		var req scheduleRequest
		if err := decodeJSON(body, &req); err != nil {
			return nil, err
		}
		op, save := "CreateSchedule", s.createSchedule
		if r.Method == http.MethodPut {
			op, save = "UpdateSchedule", s.updateSchedule
		}
		return s.idempotent(op, req.ClientToken, append([]byte(name+"\n"), body...), func() (any, error) {
			return save(name, req.scheduleSpec)
		})
	}
	return nil, newAPIError(http.StatusMethodNotAllowed, "UnknownOperationException", "%s %s is not a Scheduler operation", r.Method, path)
}

// idempotent runs op once per client token: a retry carrying the same token
// and the same request gets the first answer again. Tokens are remembered
// for the server's lifetime.
func (s *Server) idempotent(op, token string, request []byte, run func() (any, error)) (any, error) {
	if token == "" {
		return run()
	}
	key := op + "\n" + token
	sum := sha256.Sum256(request)
	s.mu.Lock()
	prior, seen := s.replays[key]
	s.mu.Unlock()
	if seen && prior.request == sum {
		return prior.out, nil
	}
	out, err := run()
	if err == nil {
		s.mu.Lock()
		s.replays[key] = replay{request: sum, out: out}
		s.mu.Unlock()
	}
	return out, err
}

func (s *Server) createSchedule(name string, spec scheduleSpec) (any, error) {
	now := s.clock.Now()
	sc, err := s.newSchedule(name, spec, now)
	if err != nil {
		return nil, err
	}
	key := scheduleKey{group: sc.spec.GroupName, name: name}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, exists := s.schedules[key]; exists {
		return nil, newAPIError(http.StatusConflict, "ConflictException", "Schedule %s already exists.", name)
	}
	s.schedules[key] = sc
	return scheduleArnOutput{ScheduleArn: sc.arn}, nil
}

// updateSchedule replaces a schedule whole, as AWS does: fields left out
// take their defaults. Its next occurrence is computed afresh.
func (s *Server) updateSchedule(name string, spec scheduleSpec) (any, error) {
	now := s.clock.Now()
	sc, err := s.newSchedule(name, spec, now)
	if err != nil {
		return nil, err
	}
	key := scheduleKey{group: sc.spec.GroupName, name: name}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, exists := s.schedules[key]
	if !exists {
		return nil, notFoundSchedule(key)
	}
	sc.created = old.created
	s.schedules[key] = sc
	return scheduleArnOutput{ScheduleArn: sc.arn}, nil
}

func (s *Server) getSchedule(key scheduleKey) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sc, ok := s.schedules[key]
	if !ok {
		return nil, notFoundSchedule(key)
	}
	return scheduleDocument{
		scheduleSpec:         sc.spec,
		Arn:                  sc.arn,
		Name:                 key.name,
		CreationDate:         epochSeconds{sc.created},
		LastModificationDate: epochSeconds{sc.modified},
	}, nil
}

func (s *Server) deleteSchedule(key scheduleKey) (any, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.schedules[key]; !ok {
		return nil, notFoundSchedule(key)
	}
	delete(s.schedules, key)
	return struct{}{}, nil
}

// listSchedules answers ListSchedules, sorted by group and name, with the
// last key returned as the next token.
func (s *Server) listSchedules(q url.Values) (any, error) {
	limit := maxListSchedules
	if v := q.Get("MaxResults"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxListSchedules {
			return nil, validationError("MaxResults must be between 1 and %d", maxListSchedules)
		}
		limit = n
	}
	group, prefix, state, after := q.Get("ScheduleGroup"), q.Get("NamePrefix"), q.Get("State"), q.Get("NextToken")

	s.mu.Lock()
	defer s.mu.Unlock()
	var keys []scheduleKey
	for k, sc := range s.schedules {
		if (group == "" || k.group == group) && strings.HasPrefix(k.name, prefix) &&
			(state == "" || sc.spec.State == state) && k.String() > after {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
	out := listSchedulesOutput{Schedules: []scheduleSummary{}}
	if len(keys) > limit {
		keys = keys[:limit]
		out.NextToken = keys[limit-1].String()
	}
	for _, k := range keys {
		sc := s.schedules[k]
		sum := scheduleSummary{
			Arn:                  sc.arn,
			CreationDate:         epochSeconds{sc.created},
			GroupName:            k.group,
			LastModificationDate: epochSeconds{sc.modified},
			Name:                 k.name,
			State:                sc.spec.State,
		}
		sum.Target.Arn = sc.spec.Target.Arn
		out.Schedules = append(out.Schedules, sum)
	}
	return out, nil
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
	_, oneTime := rec.(oneTime)
	sc := &schedule{
		spec:     spec,
		arn:      fmt.Sprintf("arn:aws:scheduler:%s:%s:schedule/%s/%s", s.region, s.account, spec.GroupName, name),
		rec:      rec,
		oneTime:  oneTime,
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
		p.MaximumRetryAttempts = ptr(defaultRetryAttempts)
	}
	if p.MaximumEventAgeInSeconds == nil {
		p.MaximumEventAgeInSeconds = ptr(defaultMaxEventAge)
	}
	if n := *p.MaximumRetryAttempts; n < 0 || n > defaultRetryAttempts {
		return validationError("MaximumRetryAttempts must be between 0 and %d.", defaultRetryAttempts)
	}
	if n := *p.MaximumEventAgeInSeconds; n < minMaxEventAge || n > defaultMaxEventAge {
		return validationError("MaximumEventAgeInSeconds must be between %d and %d.", minMaxEventAge, defaultMaxEventAge)
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

func notFoundSchedule(key scheduleKey) error {
	return newAPIError(http.StatusNotFound, "ResourceNotFoundException", "Schedule %s does not exist.", key)
}

func groupOrDefault(group string) string {
	if group == "" {
		return defaultScheduleGroup
	}
	return group
}

func ptr[T any](v T) *T { return &v }
