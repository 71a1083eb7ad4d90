// Package sandboxfake is the sandbox network, a fake social network that
// the Relais local stack runs for the demo and the end-to-end tests. Relais
// talks to it with package sandbox's client, whose wire types it shares.
//
// The network behaves like a real one where it matters to Relais: bearer
// tokens per account, refusal of duplicate posts, signed comment and
// private-message webhooks with retries, moderation of comments, private
// answers within Meta's windows, and failures injected on demand (5xx,
// timeouts before and after a post is made, rate limits, duplicate webhook
// deliveries).
package sandboxfake

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/sandbox"
)

// Prefix is the path under which the local stack mounts the network. The
// network sees full paths, so mount it as mux.Handle(sandboxfake.Prefix, n).
const Prefix = "/sandbox/"

// apiPath is where the authenticated API lives, below Prefix, and where
// the client calls it. Everything else under Prefix is the local stack's
// own view and controls.
const apiPath = sandbox.APIPath

// Error codes in the network's error bodies, besides sandbox.CodeDuplicate,
// which the client reads.
const (
	CodeInvalidToken   = "invalid_token"
	CodeValidation     = "validation"
	CodeNotFound       = "not_found"
	CodeInvalidRequest = "invalid_request"
	CodeUnavailable    = "unavailable"
	CodeRateLimited    = "rate_limited"
	CodeDeliveryFailed = "delivery_failed"
	// CodeWindowClosed refuses a private answer outside its window.
	CodeWindowClosed = "window_closed"
	// CodeAlreadyReplied refuses a second private reply to a comment.
	CodeAlreadyReplied = "already_replied"
)

// maxRequestBody bounds what the network reads from one request.
const maxRequestBody = 1 << 20

// Network is the sandbox network. Build it with NewNetwork; set the
// exported fields before it serves requests.
type Network struct {
	// Now is the network's clock.
	Now func() time.Time
	// WebhookClient sends webhooks; its timeout is how long the
	// network waits for the receiver before it counts a try as failed.
	WebhookClient *http.Client
	// WebhookAttempts is how many times a delivery is tried in all.
	WebhookAttempts int
	// WebhookBackoff is the wait before the second try; it doubles after.
	WebhookBackoff time.Duration
	// Engagement holds the posts' figures.
	Engagement netfake.MetricsBook

	webhookURL    string
	webhookSecret []byte
	mux           *http.ServeMux

	mu         sync.Mutex
	tokens     map[string]string // account -> token
	posts      []Post            // in publication order
	postSeq    map[string]int    // account -> last post number
	comments   map[string]*CommentState
	commentIDs []string // in creation order
	// conversations are the private ones, with their messages.
	conversations   map[string]*Conversation
	conversationIDs []string        // in creation order
	messageIDs      map[string]bool // every message's
	seq             int             // numbers comments, replies, conversations and messages
	actions         []Action
	faults          []pendingFault
	duplicates      int // deliveries still to be sent twice
}

// NewNetwork returns a network that sends its webhooks to
// webhookURL, signed with secret.
func NewNetwork(webhookURL string, secret []byte) *Network {
	n := &Network{
		Now:             time.Now,
		WebhookClient:   &http.Client{Timeout: 10 * time.Second},
		WebhookAttempts: 3,
		WebhookBackoff:  time.Second,
		webhookURL:      webhookURL,
		webhookSecret:   secret,
		tokens:          map[string]string{},
		postSeq:         map[string]int{},
		comments:        map[string]*CommentState{},
		conversations:   map[string]*Conversation{},
		messageIDs:      map[string]bool{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+apiPath+"accounts/{account}/posts", n.withFaults(n.createPost))
	mux.HandleFunc("GET "+apiPath+"accounts/{account}/posts", n.withFaults(n.listAccountPosts))
	mux.HandleFunc("GET "+apiPath+"accounts/{account}/posts/{id}/metrics", n.withFaults(n.metrics))
	mux.HandleFunc("POST "+apiPath+"comments/{id}/hide", n.withFaults(n.hideComment))
	mux.HandleFunc("DELETE "+apiPath+"comments/{id}", n.withFaults(n.deleteComment))
	mux.HandleFunc("POST "+apiPath+"comments/{id}/replies", n.withFaults(n.replyToComment))
	mux.HandleFunc("POST "+apiPath+"comments/{id}/private_replies", n.withFaults(n.privateReply))
	mux.HandleFunc("POST "+apiPath+"conversations/{id}/messages", n.withFaults(n.messageConversation))
	mux.HandleFunc("GET "+Prefix+"posts", n.listPosts)
	mux.HandleFunc("GET "+Prefix+"comments", n.listComments)
	mux.HandleFunc("POST "+Prefix+"comments", n.receiveComment)
	mux.HandleFunc("GET "+Prefix+"conversations", n.listConversations)
	mux.HandleFunc("POST "+Prefix+"messages", n.receiveMessage)
	mux.HandleFunc("POST "+Prefix+"faults", n.setFaults)
	mux.HandleFunc(Prefix, func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, CodeNotFound, "no such endpoint: %s %s", r.Method, r.URL.Path)
	})
	n.mux = mux
	return n
}

// ServeHTTP serves the network's API and the local stack's views.
func (n *Network) ServeHTTP(w http.ResponseWriter, r *http.Request) { n.mux.ServeHTTP(w, r) }

// RegisterAccount creates an account, or replaces its token.
func (n *Network) RegisterAccount(account, token string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.tokens[account] = token
}

// authorize checks the request's bearer token against the account's and
// answers 401 when it does not match. Unknown accounts get the same answer,
// so that a caller cannot probe which accounts exist.
func (n *Network) authorize(w http.ResponseWriter, r *http.Request, account string) bool {
	n.mu.Lock()
	want, ok := n.tokens[account]
	n.mu.Unlock()
	got, hasBearer := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || !hasBearer || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		writeError(w, http.StatusUnauthorized, CodeInvalidToken, "invalid or missing access token for this account")
		return false
	}
	return true
}

func writeError(w http.ResponseWriter, status int, code, format string, args ...any) {
	var b sandbox.ErrorBody
	b.Error.Code = code
	b.Error.Message = fmt.Sprintf(format, args...)
	writeJSON(w, status, b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// The status is already sent; an encoding or write failure means the
	// client went away, and there is no one left to tell.
	_ = json.NewEncoder(w).Encode(v)
}

// decodeBody reads the request's JSON body into v, answering 400 when it
// cannot. It reads the body to its end, which also lets the server notice
// a client that hangs up while a fault keeps the request waiting.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) bool {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	if err == nil {
		err = json.Unmarshal(b, v)
	}
	if err != nil {
		writeError(w, http.StatusBadRequest, CodeInvalidRequest, "the body is not valid JSON: %v", err)
		return false
	}
	return true
}
