package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/relais-dev/relais/internal/devstack"
	"github.com/relais-dev/relais/internal/dynamolocal/bundle"
	"github.com/relais-dev/relais/internal/logging"
	"github.com/relais-dev/relais/internal/networks"
)

func dev(ctx context.Context, e *env, args []string) error {
	fs := newFlags("dev")
	addr := fs.String("addr", "127.0.0.1:8787", "address for the console, the API, webhooks and the sandbox network")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if st, err := devstack.ReadState(stateDir); err == nil && processAlive(st.PID) {
		return fmt.Errorf("a local stack already runs from this folder (pid %d, %s)", st.PID, st.URL)
	}
	st, err := devstack.Start(ctx, devstack.Options{
		Addr: *addr, StateDir: stateDir, Tick: 250 * time.Millisecond, Log: logging.New(os.Stderr, "dev"),
		DynamoDBLocal: bundle.Open, Console: consoleFiles(e),
	})
	if err != nil {
		return err
	}
	say(e.out, "Relais is running locally.\n  console    %s/\n  api        %s/api/\n  webhooks   %s/webhooks/{network}\n  sandbox    %s/sandbox/posts\n  dynamodb   %s\n  aws        %s\nSign in to the console as anyone, in any role, on its sign-in page.\nUse relais --local <command> from this folder. Ctrl-C stops everything.\n",
		st.URL, st.URL, st.URL, st.URL, st.Endpoints.DynamoDB, st.Endpoints.AWS)
	var missing []string
	for _, w := range networks.Secrets() {
		if os.Getenv(w.Env) == "" {
			missing = append(missing, w.Env)
		}
	}
	if len(missing) > 0 {
		say(e.out, "Networks whose secrets are not set answer 404 on their webhook: %s.\n", strings.Join(missing, ", "))
	}
	<-ctx.Done()
	fmt.Fprintln(e.out, "stopping…")
	return st.Stop()
}

// processAlive reports whether a process with this id exists.
func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	return err == nil && p.Signal(syscall.Signal(0)) == nil
}
