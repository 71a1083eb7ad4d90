package localaws

import (
	"crypto/sha256"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

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
		create, op := r.Method == http.MethodPost, "CreateSchedule"
		if !create {
			op = "UpdateSchedule"
		}
		return s.idempotent(op, req.ClientToken, append([]byte(name+"\n"), body...), func() (any, error) {
			return s.saveSchedule(name, req.scheduleSpec, create)
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

// saveSchedule creates a schedule or, on update, replaces it whole, as AWS
// does: fields left out take their defaults, and the next occurrence is
// computed afresh.
func (s *Server) saveSchedule(name string, spec scheduleSpec, create bool) (any, error) {
	sc, err := s.newSchedule(name, spec, s.clock.Now())
	if err != nil {
		return nil, err
	}
	key := scheduleKey{group: sc.spec.GroupName, name: name}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, exists := s.schedules[key]
	switch {
	case create && exists:
		return nil, newAPIError(http.StatusConflict, "ConflictException", "Schedule %s already exists.", name)
	case !create && !exists:
		return nil, notFoundSchedule(key)
	case exists:
		sc.created = old.created
	}
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

func notFoundSchedule(key scheduleKey) error {
	return newAPIError(http.StatusNotFound, "ResourceNotFoundException", "Schedule %s does not exist.", key)
}
