package sandboxfake

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/relais-dev/relais/internal/netfake"
	"github.com/relais-dev/relais/internal/sandbox"
)

func TestFaultsAreConsumedInOrder(t *testing.T) {
	ctx := context.Background()
	s := newStack(t)
	s.net.FailNext(2, Fail5xx)
	s.net.FailNext(1, RateLimit)
	s.net.FailNext(0, Timeout) // nothing to add
	var got []int
	for i := range 4 {
		_, err := s.client.Publish(ctx, acmeToken, "acme", sandbox.Content{Text: "post " + string(rune('a'+i))})
		status := http.StatusCreated
		if err != nil {
			status = netfake.MustError(t, err).Status
		}
		got = append(got, status)
	}
	want := []int{503, 503, 429, 201}
	if !slices.Equal(got, want) {
		t.Errorf("statuses: got %v, want %v", got, want)
	}
}

func TestFaultControlEndpoint(t *testing.T) {
	tests := []struct {
		body       string
		wantStatus int
		wantCode   string
		wantFault  bool
	}{
		{`{"fault":"rate_limit","count":1}`, http.StatusNoContent, "", true},
		{`{"fault":"5xx","count":1}`, http.StatusNoContent, "", true},
		{`{"fault":"fire","count":1}`, http.StatusUnprocessableEntity, CodeValidation, false},
		{`{"fault":"timeout","count":0}`, http.StatusUnprocessableEntity, CodeValidation, false},
		{`{"fault":"timeout","count":1001}`, http.StatusUnprocessableEntity, CodeValidation, false},
		{`{"fault":`, http.StatusBadRequest, CodeInvalidRequest, false},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			s := newStack(t)
			status, code := s.send(t, http.MethodPost, Prefix+"faults", "", tt.body)
			if status != tt.wantStatus || code != tt.wantCode {
				t.Fatalf("got %d %q, want %d %q", status, code, tt.wantStatus, tt.wantCode)
			}
			_, err := s.client.Publish(context.Background(), acmeToken, "acme", sandbox.Content{Text: "hello"})
			if got := err != nil; got != tt.wantFault {
				t.Errorf("publish failed: got %v, want %v (%v)", got, tt.wantFault, err)
			}
		})
	}
}

func TestFailNextRefusesUnknownFault(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("FailNext accepted an unknown fault")
		}
	}()
	NewNetwork("", nil).FailNext(1, Fault("fire"))
}
