// Package graph is what Meta's Graph API and the Threads API, which
// speaks Graph, share: one call's plumbing, the error envelope both
// answer with, and the codes both use.
package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/relais-dev/relais/internal/netcall"
	"github.com/relais-dev/relais/internal/relais"
)

// Graph error codes Meta and Threads share, which Relais acts on (Meta's
// Graph API error handling guide).
const (
	CodeUnknown       = 1
	CodeService       = 2
	CodeAppThrottled  = 4
	CodePermission    = 10
	CodeUserThrottled = 17
	CodeToken         = 190
	CodeBlocked       = 368
)

// Error is the error of a Graph error answer, {"error": {...}}.
type Error struct {
	Message     string `json:"message"`
	Type        string `json:"type"`
	Code        int    `json:"code"`
	Subcode     int    `json:"error_subcode"`
	IsTransient bool   `json:"is_transient"`
	FBTraceID   string `json:"fbtrace_id"`
}

// ParseError reads an error answer's body; a body of another shape gives
// the zero Error, which leaves the status to decide.
func ParseError(body []byte) Error {
	var eb struct {
		Error Error `json:"error"`
	}
	_ = json.Unmarshal(body, &eb)
	return eb.Error
}

// Code names a Graph code with its subcode, such as "190/463".
func Code(code, subcode int) string {
	switch {
	case code == 0:
		return ""
	case subcode == 0:
		return strconv.Itoa(code)
	}
	return fmt.Sprintf("%d/%d", code, subcode)
}

// Explain is what an error keeps of e after Relais' hint: the network's
// message without the token, short, and the fbtrace_id Meta's support
// asks for.
func (e Error) Explain(hint, token string) error {
	msg := hint
	if m := netcall.Message(e.Message, token); m != "" {
		msg += ": " + m
	}
	if id := e.FBTraceID; id != "" {
		msg += " (fbtrace_id " + netcall.Truncate(id, 64) + ")"
	}
	return errors.New(msg)
}

// Lost says what a call to the network named who that got no usable
// answer means, in words a person can act on: made names what the call
// makes.
func Lost(e *netcall.Error, who, made string) *netcall.Error {
	switch e.Kind {
	case relais.FailTransient:
		e.Err = fmt.Errorf("no usable answer from %s: %w", who, e.Err)
	case relais.FailAmbiguous:
		e.Err = fmt.Errorf("no usable answer from %s after the request was sent: %s may exist: %w", who, made, e.Err)
	}
	return e
}

// Made names what a call makes, for its errors: the post, unless makes
// says otherwise.
func Made(makes string) string {
	if makes == "" {
		return "the post"
	}
	return makes
}

// Do sends r as call c and decodes an accepted answer into out. refused
// classifies an error answer; lost words a call without a usable answer.
func Do(ctx context.Context, hc *http.Client, c netcall.Call, r netcall.Request, out any,
	refused func(netcall.Answer) *netcall.Error, lost func(*netcall.Error) *netcall.Error) error {
	a, err := c.Do(ctx, hc, r)
	if err != nil {
		return lost(err)
	}
	if !a.OK() {
		return refused(a)
	}
	if err := c.Decode(a, out); err != nil {
		return lost(err)
	}
	return nil
}

// A media container's status, as Graph names it (Instagram's status_code,
// Threads' status): an unpublished one expires after 24 hours.
const (
	StatusInProgress = "IN_PROGRESS"
	StatusFinished   = "FINISHED"
	StatusError      = "ERROR"
	StatusExpired    = "EXPIRED"
	StatusPublished  = "PUBLISHED"
)
