package api

import (
	"net/http"

	"github.com/relais-dev/relais/internal/auth"
	"github.com/relais-dev/relais/internal/dynamo"
	"github.com/relais-dev/relais/internal/relais"
)

// threadView is a thread with its messages, answers and notes.
type threadView struct {
	relais.Thread
	Entries []relais.ThreadEntry `json:"entries"`
}

func (s *Server) listThreads(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	q := r.URL.Query()
	f := dynamo.ThreadFilter{Assignee: q.Get("assignee")}
	var err error
	if f.Limit, err = limitParam(r); err != nil {
		return err
	}
	if v := q.Get("status"); v != "" {
		if f.Status, err = relais.ParseThreadStatus(v); err != nil {
			return err
		}
	}
	if v := q.Get("network"); v != "" {
		if f.Network, err = relais.ParseNetwork(v); err != nil {
			return err
		}
	}
	threads, err := s.work.Threads(r.Context(), r.PathValue("client"), f)
	if err != nil {
		return err
	}
	accounts, err := s.store.Accounts(r.Context(), r.PathValue("client"))
	if err != nil {
		return err
	}
	out := threadList{Items: nonNil(threads), Disconnected: []accountView{}}
	for _, a := range accounts {
		if !a.Connected() {
			out.Disconnected = append(out.Disconnected, viewAccount(a))
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// threadList is the inbox's threads, with the client's accounts the
// networks stopped taking, whose threads Relais cannot answer until they
// are connected again.
type threadList struct {
	Items        []relais.Thread `json:"items"`
	Disconnected []accountView   `json:"disconnected"`
}

func (s *Server) getThread(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	n, err := pathNetwork(r)
	if err != nil {
		return err
	}
	return s.showThread(w, r, n, http.StatusOK)
}

// showThread answers a thread as it stands.
func (s *Server) showThread(w http.ResponseWriter, r *http.Request, n relais.Network, status int) error {
	t, entries, err := s.work.Thread(r.Context(), r.PathValue("client"), n, r.PathValue("thread"))
	if err != nil {
		return err
	}
	return writeJSON(w, status, threadView{Thread: t, Entries: nonNil(entries)})
}

// replyOnThread answers a thread's latest message, or the one the body
// names.
func (s *Server) replyOnThread(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	n, err := pathNetwork(r)
	if err != nil {
		return err
	}
	t, err := s.work.Head(r.Context(), r.PathValue("client"), n, r.PathValue("thread"))
	if err != nil {
		return err
	}
	return s.reply(w, r, id, n, t.Last)
}

// threadEdit is the body of a change to a thread: one field per route.
type threadEdit struct {
	To     *string   `json:"to"`
	Status string    `json:"status"`
	Tags   *[]string `json:"tags"`
	Text   string    `json:"text"`
}

// editThread reads a change's body and applies it with change.
func (s *Server) editThread(change func(r *http.Request, n relais.Network, e threadEdit, id auth.Identity) error) func(http.ResponseWriter, *http.Request, auth.Identity) error {
	return func(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
		n, err := pathNetwork(r)
		if err != nil {
			return err
		}
		var e threadEdit
		if err := readJSON(r, &e); err != nil {
			return err
		}
		if err := change(r, n, e, id); err != nil {
			return err
		}
		return s.showThread(w, r, n, http.StatusOK)
	}
}

func (s *Server) assignThread(r *http.Request, n relais.Network, e threadEdit, _ auth.Identity) error {
	if e.To == nil {
		return relais.Errorf(relais.EINVALID, "to names the team member, or is empty to unassign")
	}
	_, err := s.work.Assign(r.Context(), r.PathValue("client"), n, r.PathValue("thread"), *e.To)
	return err
}

func (s *Server) setThreadStatus(r *http.Request, n relais.Network, e threadEdit, _ auth.Identity) error {
	_, err := s.work.SetStatus(r.Context(), r.PathValue("client"), n, r.PathValue("thread"), relais.ThreadStatus(e.Status))
	return err
}

func (s *Server) tagThread(r *http.Request, n relais.Network, e threadEdit, _ auth.Identity) error {
	if e.Tags == nil {
		return relais.Errorf(relais.EINVALID, "tags lists the thread's tags, or is empty to remove them")
	}
	_, err := s.work.Tag(r.Context(), r.PathValue("client"), n, r.PathValue("thread"), *e.Tags)
	return err
}

func (s *Server) noteThread(r *http.Request, n relais.Network, e threadEdit, id auth.Identity) error {
	_, err := s.work.Note(r.Context(), r.PathValue("client"), n, r.PathValue("thread"), e.Text, id.Name)
	return err
}

func (s *Server) listSavedReplies(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	replies, err := s.work.SavedReplies(r.Context(), r.PathValue("client"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, list[relais.SavedReply]{Items: nonNil(replies)})
}

func (s *Server) putSavedReply(w http.ResponseWriter, r *http.Request, id auth.Identity) error {
	var in struct {
		Text string `json:"text"`
	}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	saved, err := s.work.SaveReply(r.Context(), relais.SavedReply{ClientID: r.PathValue("client"), Name: r.PathValue("name"),
		Language: r.PathValue("language"), Text: in.Text, By: id.Name})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, saved)
}

func (s *Server) deleteSavedReply(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	// Forgetting twice is no error, as a DELETE repeated.
	err := s.work.ForgetReply(r.Context(), r.PathValue("client"), r.PathValue("name"), r.PathValue("language"))
	if err != nil && relais.ErrorCode(err) != relais.ENOTFOUND {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// setTargets replaces a client's service targets.
func (s *Server) setTargets(w http.ResponseWriter, r *http.Request, _ auth.Identity) error {
	var in struct {
		Targets []string `json:"targets"`
	}
	if err := readJSON(r, &in); err != nil {
		return err
	}
	err := s.editClient(r, func(v int64) error {
		_, err := s.clients.SetTargets(r.Context(), r.PathValue("client"), in.Targets, v)
		return err
	})
	if err != nil {
		return err
	}
	return s.getClient(w, r, auth.Identity{})
}
