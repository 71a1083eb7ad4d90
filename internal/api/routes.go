package api

import (
	"net/http"

	"github.com/relais-dev/relais/internal/auth"
)

// Who may call what. Admins run the agency; managers work on the clients
// they are granted; reviewers see and approve one client's posts.
var (
	anyone   = []auth.Role{auth.Admin, auth.Manager, auth.Reviewer}
	managing = []auth.Role{auth.Admin, auth.Manager}
	admins   = []auth.Role{auth.Admin}
	// reviewing may approve or reject: a client that requires approval
	// wants its own people to give it, not the agency's managers.
	reviewing = []auth.Role{auth.Admin, auth.Reviewer}
)

// table lists every route, as the OpenAPI document does.
func (s *Server) table() []route {
	return []route{
		{method: http.MethodGet, pattern: "/api/openapi.json", public: true, handle: serveDocument},
		{method: http.MethodGet, pattern: "/api/config", public: true, handle: s.config},
		{method: http.MethodGet, pattern: "/api/me", roles: anyone, handle: s.me},

		{method: http.MethodGet, pattern: "/api/clients", roles: anyone, handle: s.listClients},
		{method: http.MethodPost, pattern: "/api/clients", roles: admins, handle: s.idempotent(s.addClient)},
		{method: http.MethodGet, pattern: "/api/clients/{client}", roles: anyone, handle: s.getClient},
		{method: http.MethodPut, pattern: "/api/clients/{client}/branding", roles: managing, handle: s.rebrand},
		{method: http.MethodPost, pattern: "/api/clients/{client}/pause", roles: managing, handle: s.pause},
		{method: http.MethodPost, pattern: "/api/clients/{client}/resume", roles: managing, handle: s.resume},
		{method: http.MethodGet, pattern: "/api/clients/{client}/rules", roles: managing, handle: s.getRules},
		{method: http.MethodPut, pattern: "/api/clients/{client}/rules", roles: managing, handle: s.setRules},
		{method: http.MethodGet, pattern: "/api/clients/{client}/crises", roles: managing, handle: s.crises},
		{method: http.MethodPut, pattern: "/api/clients/{client}/targets", roles: managing, handle: s.setTargets},

		{method: http.MethodGet, pattern: "/api/clients/{client}/accounts", roles: managing, handle: s.listAccounts},
		{method: http.MethodPost, pattern: "/api/clients/{client}/accounts", roles: managing, handle: s.idempotent(s.connectAccount)},
		{method: http.MethodPost, pattern: "/api/clients/{client}/accounts/oauth", roles: managing, handle: s.startOAuth},
		// The network sends the person's browser back here: the
		// consent's one-time state, not a sign-in, says who asked.
		{method: http.MethodGet, pattern: "/api" + callback, public: true, handle: s.oauthCallback},

		{method: http.MethodGet, pattern: "/api/clients/{client}/posts", roles: anyone, handle: s.listPosts},
		{method: http.MethodPost, pattern: "/api/clients/{client}/posts", roles: managing, handle: s.idempotent(s.schedulePost)},
		{method: http.MethodGet, pattern: "/api/clients/{client}/posts/{post}", roles: anyone, handle: s.getPost},
		{method: http.MethodPost, pattern: "/api/clients/{client}/posts/{post}/approve", roles: reviewing, handle: s.approvePost},
		{method: http.MethodPost, pattern: "/api/clients/{client}/posts/{post}/reject", roles: reviewing, handle: s.rejectPost},
		{method: http.MethodPost, pattern: "/api/clients/{client}/posts/{post}/reschedule", roles: managing, handle: s.reschedulePost},
		{method: http.MethodPost, pattern: "/api/clients/{client}/posts/{post}/cancel", roles: managing, handle: s.cancelPost},

		{method: http.MethodPost, pattern: "/api/clients/{client}/media", roles: managing, handle: s.idempotent(s.createMedia)},
		{method: http.MethodGet, pattern: "/api/clients/{client}/media/{media}", roles: anyone, handle: s.getMedia},
		{method: http.MethodPost, pattern: "/api/clients/{client}/media/{media}/complete", roles: managing, handle: s.completeMedia},

		{method: http.MethodGet, pattern: "/api/clients/{client}/inbox", roles: managing, handle: s.inbox},
		{method: http.MethodGet, pattern: "/api/clients/{client}/inbox/{network}/{interaction}", roles: managing, handle: s.getInteraction},
		{method: http.MethodPost, pattern: "/api/clients/{client}/inbox/{network}/{interaction}/decision", roles: managing, handle: s.decide},
		{method: http.MethodPost, pattern: "/api/clients/{client}/inbox/{network}/{interaction}/replies", roles: managing, handle: s.idempotent(s.answer)},

		{method: http.MethodGet, pattern: "/api/clients/{client}/threads", roles: managing, handle: s.listThreads},
		{method: http.MethodGet, pattern: "/api/clients/{client}/threads/{network}/{thread}", roles: managing, handle: s.getThread},
		{method: http.MethodPost, pattern: "/api/clients/{client}/threads/{network}/{thread}/replies", roles: managing, handle: s.idempotent(s.replyOnThread)},
		{method: http.MethodPost, pattern: "/api/clients/{client}/threads/{network}/{thread}/assign", roles: managing, handle: s.editThread(s.assignThread)},
		{method: http.MethodPost, pattern: "/api/clients/{client}/threads/{network}/{thread}/status", roles: managing, handle: s.editThread(s.setThreadStatus)},
		{method: http.MethodPut, pattern: "/api/clients/{client}/threads/{network}/{thread}/tags", roles: managing, handle: s.editThread(s.tagThread)},
		{method: http.MethodPost, pattern: "/api/clients/{client}/threads/{network}/{thread}/notes", roles: managing, handle: s.idempotent(s.editThread(s.noteThread))},

		{method: http.MethodGet, pattern: "/api/clients/{client}/saved-replies", roles: managing, handle: s.listSavedReplies},
		{method: http.MethodPut, pattern: "/api/clients/{client}/saved-replies/{name}/{language}", roles: managing, handle: s.putSavedReply},
		{method: http.MethodDelete, pattern: "/api/clients/{client}/saved-replies/{name}/{language}", roles: managing, handle: s.deleteSavedReply},

		{method: http.MethodGet, pattern: "/api/clients/{client}/reports", roles: anyone, handle: s.listReports},
		{method: http.MethodGet, pattern: "/api/clients/{client}/reports/{period}", roles: anyone, handle: s.getReport},
		{method: http.MethodGet, pattern: "/api/clients/{client}/reports/{period}/{file}", roles: anyone, handle: s.downloadReport},

		{method: http.MethodGet, pattern: "/api/clients/{client}/review-links", roles: managing, handle: s.listReviewLinks},
		{method: http.MethodPost, pattern: "/api/clients/{client}/review-links", roles: managing, handle: s.idempotent(s.createReviewLink)},
		{method: http.MethodDelete, pattern: "/api/clients/{client}/review-links/{link}", roles: managing, handle: s.revokeReviewLink},
	}
}
