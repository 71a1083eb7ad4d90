// Command relais drives a Relais deployment: clients, accounts, posts, the
// inbox and reports, against AWS or the local stack, which it also runs
// (relais dev) and demonstrates (relais demo).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/webhook"
)

// usageText is the help; the networks and webhook paths it names come
// from the registry (usage).
const usageText = `usage: relais [--local] <command> [arguments]

commands:
  client add <id> --name <name> --timezone <IANA zone> --locale fr|en [--brand <name>]... [--approval none|required [--approver <name>]...]
             [--report-agency <name>] [--report-color #rrggbb] [--report-logo <png|jpg|svg|webp file>]
  client brand <client> [--report-agency <name>] [--report-color #rrggbb] [--report-logo <file>]
  client list [--json]
  client pause|resume <client>
  client targets <client> [--target "complaint 1h mon-fri 09:00-18:00"]...   (none removes them)
  account connect <client> --network <network> --id <account id>   (token on stdin)
  account connect <client> --network <network> [--id <account id>] --oauth [--browser=false]   (the network's consent page; without --id, choose among what the token reaches)
  account list <client> [--json]   (with each account's state: token pasted, OAuth and its expiry, or disconnected and why)
  post schedule <client> --account <network>:<id> --at <local date-time> --text <text> [--image <url> [--alt TEXT] | --media <id>...] [--link <url>] [--first-comment <text>] [--option name=value]... [--force] [--confirm] [--json]
  media add <client> <image or video file> [--alt TEXT] [--json]   (prints its id, for post schedule --media)
  post approve <post id> --by <name>
  post reschedule <post id> --at <local date-time>
  post list <client> [--json]
  post show <post id> [--json]
  post cancel <post id>
  inbox <client> [--network N] [--since DATE|DURATION] [--state pending|allow|review|hide] [--limit N] [--json]
  inbox threads <client> [--status open|pending|done] [--assignee NAME] [--network N] [--limit N] [--json]
  inbox thread <network>:<thread> [--json]
  inbox reply <network>:<thread> (--text TEXT | --saved NAME) [--private] [--to <interaction>] [--done] [--force] [--confirm] [--by NAME] [--json]
  inbox assign <network>:<thread> --to NAME|-
  inbox done|reopen <network>:<thread>
  inbox note <network>:<thread> --text TEXT [--by NAME]
  inbox tag <network>:<thread> [--tag TAG]...
  inbox saved set <client> <name> --lang fr|en --text TEXT
  inbox saved list <client> [--json]
  inbox saved remove <client> <name> [--lang fr|en]
  rules set <client> --file rules.yaml
  rules show <client>
  score [--client <client>] [--explain]   (JSON lines {"id","text"[,"lang","network"]} on stdin; no stack needed without --client)
  moderation export [--client <client>]...   (the team's corrections, JSON lines, for the next training run)
  webhook send <%s> <file> [--url URL]   (signed with the deployment's secret)
  report <client> --period 2026-W47|2026-11|FROM..TO [--out DIR] [--json]
  token --user <name> --role admin|manager|reviewer [--client <client>]...   (--local: an ID token for the API)
  dev [--addr 127.0.0.1:8787]
  demo [--out DIR]

--local (or RELAIS_LOCAL=1) talks to the stack "relais dev" runs from this folder;
without it, relais uses the standard AWS configuration. Thread commands take
--client when a thread's id alone is ambiguous; the inbox records who acted
from --by, RELAIS_USER or the system's user name.

networks: %s
`

// usage is the help, naming the registered networks and webhook paths.
func usage() string {
	names := make([]string, 0, len(relais.Networks()))
	for _, n := range relais.Networks() {
		names = append(names, string(n))
	}
	return fmt.Sprintf(usageText, strings.Join(webhook.Paths(), "|"), strings.Join(names, ", "))
}

// inboxCommands are the inbox's subcommands on threads.
var inboxCommands = map[string]func(ctx context.Context, e *env, args []string) error{
	"threads": inboxThreads,
	"thread":  inboxThread,
	"reply":   inboxReply,
	"assign":  inboxAssign,
	"done":    inboxStatus(relais.ThreadDone),
	"reopen":  inboxStatus(relais.ThreadOpen),
	"note":    inboxNote,
	"tag":     inboxTag,
}

// savedCommand runs inbox saved set, list or remove.
func savedCommand(ctx context.Context, e *env, args []string) error {
	sub := ""
	if len(args) > 0 {
		sub = args[0]
	}
	switch sub {
	case "set":
		return savedSet(ctx, e, args[1:])
	case "list":
		return savedList(ctx, e, args[1:])
	case "remove":
		return savedRemove(ctx, e, args[1:])
	}
	return usagef("inbox saved needs set, list or remove; run relais help")
}

// usageError is a mistake in the command line: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "relais: "+clean(message(err)))
		var u usageError
		if errors.As(err, &u) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

// message is the one line shown for an error.
func message(err error) string {
	var d *relais.Error
	if errors.As(err, &d) {
		return d.Message
	}
	return err.Error()
}

func run(ctx context.Context, args []string, stdin io.Reader, out io.Writer) error {
	local := os.Getenv("RELAIS_LOCAL") == "1"
	for len(args) > 0 && (args[0] == "--local" || args[0] == "-local") {
		local, args = true, args[1:]
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(out, usage())
		return nil
	}
	cmd, rest := args[0], args[1:]
	sub := ""
	if len(rest) > 0 {
		sub = rest[0]
	}
	env := &env{local: local, stdin: stdin, out: out}
	switch {
	case cmd == "client" && sub == "add":
		return clientAdd(ctx, env, rest[1:])
	case cmd == "client" && sub == "list":
		return clientList(ctx, env, rest[1:])
	case cmd == "client" && sub == "brand":
		return clientBrand(ctx, env, rest[1:])
	case cmd == "client" && sub == "pause":
		return clientPause(ctx, env, rest[1:])
	case cmd == "client" && sub == "resume":
		return clientResume(ctx, env, rest[1:])
	case cmd == "account" && sub == "connect":
		return accountConnect(ctx, env, rest[1:])
	case cmd == "account" && sub == "list":
		return accountList(ctx, env, rest[1:])
	case cmd == "post" && sub == "schedule":
		return postSchedule(ctx, env, rest[1:])
	case cmd == "post" && sub == "list":
		return postList(ctx, env, rest[1:])
	case cmd == "post" && sub == "show":
		return postShow(ctx, env, rest[1:])
	case cmd == "post" && sub == "approve":
		return postApprove(ctx, env, rest[1:])
	case cmd == "post" && sub == "reschedule":
		return postReschedule(ctx, env, rest[1:])
	case cmd == "post" && sub == "cancel":
		return postCancel(ctx, env, rest[1:])
	case cmd == "rules" && sub == "set":
		return rulesSet(ctx, env, rest[1:])
	case cmd == "rules" && sub == "show":
		return rulesShow(ctx, env, rest[1:])
	case cmd == "score":
		return scoreCmd(ctx, env, rest)
	case cmd == "moderation" && sub == "export":
		return moderationExport(ctx, env, rest[1:])
	case cmd == "webhook" && sub == "send":
		return webhookSend(ctx, env, rest[1:])
	case cmd == "media" && sub == "add":
		return mediaAdd(ctx, env, rest[1:])
	case cmd == "client" && sub == "targets":
		return clientTargets(ctx, env, rest[1:])
	case cmd == "inbox" && inboxCommands[sub] != nil:
		return inboxCommands[sub](ctx, env, rest[1:])
	case cmd == "inbox" && sub == "saved":
		return savedCommand(ctx, env, rest[1:])
	case cmd == "inbox":
		return inboxList(ctx, env, rest)
	case cmd == "report":
		return reportCmd(ctx, env, rest)
	case cmd == "token":
		return tokenCmd(ctx, env, rest)
	case cmd == "dev":
		return dev(ctx, env, rest)
	case cmd == "demo":
		return demo(ctx, env, rest)
	case cmd == "client" || cmd == "account" || cmd == "post" || cmd == "webhook" || cmd == "rules" || cmd == "moderation" || cmd == "media":
		if sub == "" {
			return usagef("%s needs a subcommand; run relais help", cmd)
		}
		return usagef("unknown command %q; run relais help", cmd+" "+sub)
	}
	return usagef("unknown command %q; run relais help", cmd)
}
