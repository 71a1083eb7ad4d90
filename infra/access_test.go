package main

import (
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/relais-dev/relais/internal/access"
	"github.com/relais-dev/relais/internal/routing"
)

// What each function's role may do, written here apart from internal/access: a
// change there that widens a role fails this test until it is made here
// too. Each action maps to the resources it may act on, by the names
// below.
const (
	table       = "table"
	clientIndex = "index GSI1"
	dueIndex    = "index GSI2"
	bus         = "bus"
	secrets     = "secret parameters"
	tokens      = "token parameters"
	linkKey     = "link signing key"
	appCreds    = "app credentials"
	reports     = "report objects"
	images      = "media objects"
	ownLogs     = "own log group"
	metricsJobs = "engagement schedules"
	overdueJobs = "overdue checks"
	postJobs    = "post schedules"
	reportJobs  = "report schedules"
	schedRole   = "scheduler role"
)

var wantAccess = map[string]map[string][]string{
	"webhook": {
		"dynamodb:BatchGetItem": {table},
		"dynamodb:GetItem":      {table},
		"dynamodb:PutItem":      {table},
		"dynamodb:UpdateItem":   {table},
		"dynamodb:Query":        {table},
		"events:PutEvents":      {bus},
		"ssm:GetParameter":      {secrets},
		"logs:CreateLogStream":  {ownLogs},
		"logs:PutLogEvents":     {ownLogs},
	},
	"moderator": {
		"dynamodb:GetItem":         {table},
		"dynamodb:PutItem":         {table},
		"dynamodb:UpdateItem":      {table},
		"dynamodb:Query":           {table, dueIndex},
		"events:PutEvents":         {bus},
		"ssm:GetParameter":         {tokens},
		"scheduler:CreateSchedule": {overdueJobs},
		"scheduler:UpdateSchedule": {overdueJobs},
		"iam:PassRole":             {schedRole},
		"logs:CreateLogStream":     {ownLogs},
		"logs:PutLogEvents":        {ownLogs},
	},
	"publisher": {
		"dynamodb:GetItem":            {table},
		"dynamodb:PutItem":            {table},
		"dynamodb:UpdateItem":         {table},
		"dynamodb:ConditionCheckItem": {table},
		"dynamodb:Query":              {table, clientIndex, dueIndex},
		"events:PutEvents":            {bus},
		"ssm:GetParameter":            {tokens, appCreds},
		"ssm:PutParameter":            {tokens},
		"s3:GetObject":                {images},
		"scheduler:CreateSchedule":    {metricsJobs},
		"scheduler:UpdateSchedule":    {metricsJobs},
		"iam:PassRole":                {schedRole},
		"logs:CreateLogStream":        {ownLogs},
		"logs:PutLogEvents":           {ownLogs},
	},
	"poller": {
		"dynamodb:Query":        {table, clientIndex},
		"dynamodb:UpdateItem":   {table},
		"dynamodb:BatchGetItem": {table},
		"dynamodb:GetItem":      {table},
		"dynamodb:PutItem":      {table},
		"events:PutEvents":      {bus},
		"ssm:GetParameter":      {tokens},
		"logs:CreateLogStream":  {ownLogs},
		"logs:PutLogEvents":     {ownLogs},
	},
	"reporter": {
		"dynamodb:GetItem":      {table},
		"dynamodb:Query":        {table},
		"dynamodb:BatchGetItem": {table},
		"dynamodb:PutItem":      {table},
		"dynamodb:UpdateItem":   {table},
		"s3:PutObject":          {reports},
		"events:PutEvents":      {bus},
		"ssm:GetParameter":      {tokens, linkKey},
		"logs:CreateLogStream":  {ownLogs},
		"logs:PutLogEvents":     {ownLogs},
	},
	"api": {
		"dynamodb:GetItem":            {table},
		"dynamodb:PutItem":            {table},
		"dynamodb:UpdateItem":         {table},
		"dynamodb:DeleteItem":         {table},
		"dynamodb:ConditionCheckItem": {table},
		"dynamodb:BatchGetItem":       {table},
		"dynamodb:BatchWriteItem":     {table},
		"dynamodb:Query":              {table, clientIndex},
		"events:PutEvents":            {bus},
		"ssm:PutParameter":            {tokens},
		"ssm:GetParameter":            {tokens, appCreds, linkKey},
		"s3:GetObject":                {reports, images},
		"s3:PutObject":                {images},
		"s3:DeleteObject":             {images},
		"scheduler:CreateSchedule":    {postJobs, reportJobs},
		"scheduler:UpdateSchedule":    {postJobs, reportJobs},
		"scheduler:DeleteSchedule":    {postJobs},
		"iam:PassRole":                {schedRole},
		"logs:CreateLogStream":        {ownLogs},
		"logs:PutLogEvents":           {ownLogs},
	},
}

// resolve turns the names above into ARNs as the template renders them.
func resolve(t *testing.T, function string) map[string]string {
	t.Helper()
	tableARN := arn(onlyID(t, "AWS::DynamoDB::Table"))
	return map[string]string{
		table:       tableARN,
		clientIndex: tableARN + "/index/GSI1",
		dueIndex:    tableARN + "/index/GSI2",
		bus:         arn(onlyID(t, "AWS::Events::EventBus")),
		secrets:     pseudoARN("ssm", "parameter/relais/secrets/*"),
		tokens:      pseudoARN("ssm", "parameter/relais/tokens/*"),
		linkKey:     pseudoARN("ssm", "parameter/relais/secrets/links/signing-key"),
		appCreds:    pseudoARN("ssm", "parameter/relais/secrets/*/client-*"),
		reports:     arn(reportsBucketID(t)) + "/reports/*",
		images:      arn(mediaBucketID(t)) + "/media/*",
		ownLogs:     arn(idWhere(t, "AWS::Logs::LogGroup", "LogGroupName", "/aws/lambda/relais-"+function)),
		metricsJobs: pseudoARN("scheduler", "schedule/relais/metrics-*"),
		overdueJobs: pseudoARN("scheduler", "schedule/relais/overdue-*"),
		postJobs:    pseudoARN("scheduler", "schedule/relais/post-*"),
		reportJobs:  pseudoARN("scheduler", "schedule/relais/report-*"),
		schedRole:   arn(schedulerRoleID(t)),
	}
}

// roleStatements collects every policy statement that applies to a role:
// its inline policies, the AWS::IAM::Policy and AWS::IAM::ManagedPolicy
// resources attached to it. It fails on managed policies referenced by
// ARN, whose statements the template cannot show.
func roleStatements(t *testing.T, role string) []map[string]any {
	t.Helper()
	res, ok := resources("AWS::IAM::Role")[role]
	if !ok {
		t.Fatalf("no role %s", role)
	}
	p := props(res)
	if arns, ok := p["ManagedPolicyArns"].([]any); ok {
		for _, a := range arns {
			if !attachedHere(a) {
				t.Errorf("role %s: managed policy %s is not in the template", role, render(a))
			}
		}
	}
	var docs []any
	if inline, ok := p["Policies"].([]any); ok {
		for _, pol := range inline {
			docs = append(docs, pol.(map[string]any)["PolicyDocument"])
		}
	}
	for _, typ := range []string{"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"} {
		for _, pol := range resources(typ) {
			for _, r := range strs(props(pol)["Roles"]) {
				if r == ref(role) {
					docs = append(docs, props(pol)["PolicyDocument"])
				}
			}
		}
	}
	var out []map[string]any
	for _, d := range docs {
		for _, s := range d.(map[string]any)["Statement"].([]any) {
			out = append(out, s.(map[string]any))
		}
	}
	return out
}

// attachedHere reports whether a ManagedPolicyArns entry refers to an
// AWS::IAM::ManagedPolicy of this template (whose Roles are read anyway).
func attachedHere(v any) bool {
	r := render(v)
	for id := range resources("AWS::IAM::ManagedPolicy") {
		if r == ref(id) {
			return true
		}
	}
	return false
}

func functionRole(t *testing.T, function string) string {
	t.Helper()
	id := idWhere(t, "AWS::Lambda::Function", "FunctionName", "relais-"+function)
	r := render(props(resources("AWS::Lambda::Function")[id])["Role"])
	if !strings.HasPrefix(r, "${") || !strings.HasSuffix(r, ".Arn}") {
		t.Fatalf("function %s: role %s is not a role of this stack", function, r)
	}
	return strings.TrimSuffix(strings.TrimPrefix(r, "${"), ".Arn}")
}

// TestLeastPrivilege proves that each function's role holds exactly the
// actions listed in wantAccess, each on exactly its resources, and no
// wildcard resource.
func TestLeastPrivilege(t *testing.T) {
	roles := map[string]string{}
	for _, fn := range routing.Functions {
		t.Run(fn, func(t *testing.T) {
			want, ok := wantAccess[fn]
			if !ok {
				t.Fatalf("no expected access for %s", fn)
			}
			role := functionRole(t, fn)
			if other, ok := roles[role]; ok {
				t.Fatalf("%s shares its role with %s", fn, other)
			}
			roles[role] = fn

			arns := resolve(t, fn)
			wantPairs := map[string]bool{}
			wantActions := map[string]bool{}
			for action, on := range want {
				wantActions[action] = true
				for _, name := range on {
					wantPairs[action+" on "+arns[name]] = true
				}
			}

			gotPairs := map[string]bool{}
			gotActions := map[string]bool{}
			statements := roleStatements(t, role)
			if len(statements) == 0 {
				t.Fatalf("role %s has no statements", role)
			}
			for _, s := range statements {
				if s["Effect"] != "Allow" {
					t.Errorf("statement %v: effect %v", s, s["Effect"])
				}
				for _, key := range []string{"NotAction", "NotResource", "Principal", "NotPrincipal"} {
					if _, ok := s[key]; ok {
						t.Errorf("statement %v has %s", s, key)
					}
				}
				resources := strs(s["Resource"])
				if len(resources) == 0 {
					t.Errorf("statement %v has no Resource", s)
				}
				for _, r := range resources {
					if r == "*" {
						t.Errorf("statement %v: Resource \"*\"", s)
					}
				}
				for _, action := range strs(s["Action"]) {
					if strings.Contains(action, "*") {
						t.Errorf("statement %v: wildcard action %s", s, action)
					}
					gotActions[action] = true
					for _, r := range resources {
						gotPairs[action+" on "+r] = true
					}
				}
			}
			if !reflect.DeepEqual(gotActions, wantActions) {
				t.Errorf("actions: got %v, want %v", mapKeys(gotActions), mapKeys(wantActions))
			}
			if extra, missing := diff(gotPairs, wantPairs); len(extra)+len(missing) > 0 {
				t.Errorf("grants beyond expectations: %v\ngrants missing: %v", extra, missing)
			}
		})
	}
}

// TestCodeAccessTable checks internal/access against the expectations directly,
// so that a failing template comparison points at the right place.
func TestCodeAccessTable(t *testing.T) {
	names := map[access.Resource]string{
		access.OnTable: table, access.OnClientIndex: clientIndex, access.OnDueIndex: dueIndex, access.OnBus: bus, access.OnSecrets: secrets,
		access.OnTokens: tokens, access.OnAppCredentials: appCreds, access.OnLinkKey: linkKey, access.OnReports: reports, access.OnMedia: images, access.OnLogs: ownLogs, access.OnMetricsSchedules: metricsJobs, access.OnSchedulerRole: schedRole,
		access.OnPostSchedules: postJobs, access.OnReportSchedules: reportJobs, access.OnOverdueSchedules: overdueJobs,
	}
	if len(access.Grants) != len(routing.Functions) {
		t.Errorf("internal/access lists %v, want %v", mapKeys(access.Grants), routing.Functions)
	}
	for _, fn := range routing.Functions {
		got := map[string][]string{}
		for _, g := range access.Grants[fn] {
			name, ok := names[g.On]
			if !ok {
				t.Errorf("%s: unknown resource %q", fn, g.On)
			}
			for _, a := range g.Actions {
				got[a] = append(got[a], name)
			}
		}
		want := map[string][]string{}
		for a, on := range wantAccess[fn] {
			want[a] = sorted(on)
		}
		for a := range got {
			got[a] = sorted(got[a])
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: internal/access grants %v, want %v", fn, got, want)
		}
	}
}

// TestNoWildcardResourceAnywhere checks every Allow statement of every
// identity policy in the stack, not only the functions'.
func TestNoWildcardResourceAnywhere(t *testing.T) {
	var docs []any
	for _, res := range resources("AWS::IAM::Role") {
		if inline, ok := props(res)["Policies"].([]any); ok {
			for _, pol := range inline {
				docs = append(docs, pol.(map[string]any)["PolicyDocument"])
			}
		}
	}
	for _, typ := range []string{"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"} {
		for _, res := range resources(typ) {
			docs = append(docs, props(res)["PolicyDocument"])
		}
	}
	if len(docs) == 0 {
		t.Fatal("no identity policies found")
	}
	for _, d := range docs {
		for _, s := range d.(map[string]any)["Statement"].([]any) {
			st := s.(map[string]any)
			if st["Effect"] != "Allow" {
				continue
			}
			for _, r := range strs(st["Resource"]) {
				if r == "*" {
					t.Errorf("statement %v allows Resource \"*\"", st)
				}
			}
		}
	}
}

func mapKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func diff(got, want map[string]bool) (extra, missing []string) {
	for k := range got {
		if !want[k] {
			extra = append(extra, k)
		}
	}
	for k := range want {
		if !got[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(extra)
	sort.Strings(missing)
	return extra, missing
}
