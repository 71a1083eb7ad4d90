package dynamolocal

import (
	"context"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"
)

func TestStartStop(t *testing.T) {
	s, err := Start(context.Background())
	if err != nil {
		t.Fatalf("start DynamoDB Local: %v", err)
	}
	pid := s.PID()
	if err := s.Stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if err := syscall.Kill(pid, 0); err != syscall.ESRCH {
		t.Errorf("process %d after Stop: got %v, want ESRCH", pid, err)
	}
}

// A process that ignores SIGTERM is stopped with SIGKILL.
func TestStopEscalates(t *testing.T) {
	log, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	s, err := launch(exec.Command("sh", "-c", `trap "" TERM; echo ready; while :; do sleep 1; done`), log)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // let the shell install its trap
	start := time.Now()
	if err := s.stop(300 * time.Millisecond); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if got := time.Since(start); got < 300*time.Millisecond {
		t.Errorf("stopped after %s: SIGTERM should have been ignored for the grace period", got)
	}
	if err := syscall.Kill(s.PID(), 0); err != syscall.ESRCH {
		t.Errorf("process after stop: got %v, want ESRCH", err)
	}
}
