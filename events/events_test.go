package events

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	lambdaevents "github.com/aws/aws-lambda-go/events"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/relais-dev/relais/internal/relais"
	"github.com/relais-dev/relais/internal/routing"
)

const (
	testdataDir = "testdata"
	schemasDir  = "schemas"

	draft2020 = "https://json-schema.org/draft/2020-12/schema"

	clientIDPattern = `^[a-z0-9][a-z0-9-]{0,62}$`
	periodPattern   = `^(\d{4}-W\d{2}|\d{4}-\d{2}|\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}|previous-week|previous-month)$`
)

// newDetail returns an empty detail struct for each bus detail type.
var newDetail = map[string]func() relais.Event{
	relais.DetailInteractionReceived:  func() relais.Event { return &relais.InteractionReceived{} },
	relais.DetailInteractionModerated: func() relais.Event { return &relais.InteractionModerated{} },
	relais.DetailPostPublished:        func() relais.Event { return &relais.PostPublished{} },
	relais.DetailPostFailed:           func() relais.Event { return &relais.PostFailed{} },
	relais.DetailPostNeedsAttention:   func() relais.Event { return &relais.PostNeedsAttention{} },
	relais.DetailCrisisSuspected:      func() relais.Event { return &relais.CrisisSuspected{} },
	relais.DetailReportReady:          func() relais.Event { return &relais.ReportReady{} },
	relais.DetailReplyOverdue:         func() relais.Event { return &relais.ReplyOverdue{} },
	relais.DetailAccountReconnect:     func() relais.Event { return &relais.AccountNeedsReconnect{} },
}

// newInput returns an empty scheduler input struct for each scheduler job,
// named as its sample and schema are (scheduler-<job>).
var newInput = map[string]func() any{
	"scheduler-publish":     func() any { return &relais.PublishInput{} },
	"scheduler-metrics":     func() any { return &relais.MetricsInput{} },
	"scheduler-report":      func() any { return &relais.ReportInput{} },
	"scheduler-sweep":       func() any { return &relais.SweepInput{} },
	"scheduler-poll":        func() any { return &relais.PollInput{} },
	"scheduler-token-check": func() any { return &relais.TokenCheckInput{} },
	"scheduler-token-renew": func() any { return &relais.TokenRenewInput{} },
	"scheduler-overdue":     func() any { return &relais.OverdueInput{} },
}

// enums lists the values of each Go string type with fixed values. A schema
// property of such a type must have exactly these values as its enum. It is
// a function because the networks register when the test binary starts.
func enums() map[reflect.Type][]string {
	return map[reflect.Type][]string{
		reflect.TypeFor[relais.Network](): networkNames(),
		reflect.TypeFor[relais.InteractionKind](): {
			string(relais.KindComment), string(relais.KindReply), string(relais.KindMention),
			string(relais.KindMessage), string(relais.KindEdit), string(relais.KindRemoval),
		},
		reflect.TypeFor[relais.Action](): {
			string(relais.ActionAllow), string(relais.ActionReview), string(relais.ActionHide), string(relais.ActionDelete),
		},
	}
}

// patterns are the patterns that schema properties of these names must use.
var patterns = map[string]string{
	"clientId": clientIDPattern,
	"period":   periodPattern,
}

// family is one kind of file in testdata/ or schemas/: the files it claims
// and the check each of them gets. Every file must be claimed by exactly one
// family, so a new kind of sample (webhook-sandbox-*.json, say) needs a new
// entry here before its files can be added.
type family struct {
	dir    string
	name   string
	claims func(file string) bool
	check  func(t *testing.T, path string)
}

var families = []family{
	{testdataDir, "bus event", hasPrefix("bus-"), checkBusSample},
	{testdataDir, "scheduler input", hasPrefix("scheduler-"), checkSchedulerSample},
	{schemasDir, "bus detail schema", isBusSchema, checkBusSchema},
	{schemasDir, "scheduler input schema", hasPrefix("scheduler-"), checkSchedulerSchema},
}

func hasPrefix(prefix string) func(string) bool {
	return func(file string) bool { return strings.HasPrefix(file, prefix) }
}

func isBusSchema(file string) bool {
	_, ok := detailTypeOfSchema(file)
	return ok
}

// kebab turns a detail type into its file name stem: "Post Needs Attention"
// becomes "post-needs-attention".
func kebab(detailType string) string {
	return strings.ToLower(strings.ReplaceAll(detailType, " ", "-"))
}

func busSampleFile(detailType string) string { return "bus-" + kebab(detailType) + ".json" }
func busSchemaFile(detailType string) string { return SchemaFile(detailType) }

func detailTypeOfSchema(file string) (string, bool) {
	for _, dt := range relais.DetailTypes {
		if file == busSchemaFile(dt) {
			return dt, true
		}
	}
	return "", false
}

func networkNames() []string {
	names := make([]string, len(relais.Networks()))
	for i, n := range relais.Networks() {
		names[i] = string(n)
	}
	return names
}

// TestEveryFile walks testdata/ and schemas/ and runs, on each file, the
// check of the one family that claims it.
func TestEveryFile(t *testing.T) {
	claimed := make(map[string]int)
	for _, dir := range []string{testdataDir, schemasDir} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			var owners []family
			for _, f := range families {
				if f.dir == dir && f.claims(d.Name()) {
					owners = append(owners, f)
				}
			}
			switch len(owners) {
			case 0:
				t.Errorf("%s: no test checks this file; add its family to families", path)
			case 1:
				claimed[owners[0].name]++
				t.Run(filepath.ToSlash(path), func(t *testing.T) { owners[0].check(t, path) })
			default:
				t.Errorf("%s: claimed by %d families, want 1", path, len(owners))
			}
			return nil
		})
		if err != nil {
			t.Fatalf("walk %s: %v", dir, err)
		}
	}
	for _, f := range families {
		if claimed[f.name] == 0 {
			t.Errorf("family %q claims no file in %s/", f.name, f.dir)
		}
	}
}

// webhookParsers names, for each network with webhook samples, the
// package whose tests parse them; a sample directory without one would
// be checked by nobody.
var webhookParsers = map[relais.Network]string{
	relais.Facebook:  "internal/meta",
	relais.Instagram: "internal/meta",
	relais.X:         "internal/x",
	relais.LinkedIn:  "internal/linkedin",
	relais.TikTok:    "internal/tiktok",
	"threads":        "internal/threads",
}

// TestWebhookSamples checks that webhooks/ holds one directory per
// network whose package parses its samples, and nothing else.
func TestWebhookSamples(t *testing.T) {
	entries, err := os.ReadDir("webhooks")
	if err != nil {
		t.Fatal(err)
	}
	seen := make(map[relais.Network]bool)
	for _, e := range entries {
		n := relais.Network(e.Name())
		if _, ok := webhookParsers[n]; !e.IsDir() || !ok {
			t.Errorf("webhooks/%s: want only directories of networks in webhookParsers", e.Name())
			continue
		}
		seen[n] = true
		if _, err := os.Stat(filepath.Join("..", webhookParsers[n], "webhook_test.go")); err != nil {
			t.Errorf("webhooks/%s: %v, want the tests of %s to parse its samples", n, err, webhookParsers[n])
		}
	}
	for n := range webhookParsers {
		if !seen[n] {
			t.Errorf("webhooks/%s: missing, want the samples of %s", n, webhookParsers[n])
		}
	}
}

// TestDetailTypes checks that each bus detail type has a Go struct, a
// sample, a schema and exactly one bus rule.
func TestDetailTypes(t *testing.T) {
	if got, want := len(newDetail), len(relais.DetailTypes); got != want {
		t.Errorf("newDetail has %d detail types, want %d (one per relais.DetailTypes)", got, want)
	}
	seen := make(map[string]string)
	for _, dt := range relais.DetailTypes {
		if prev, ok := seen[kebab(dt)]; ok {
			t.Errorf("detail types %q and %q share the file name %q", prev, dt, kebab(dt))
		}
		seen[kebab(dt)] = dt

		newEv, ok := newDetail[dt]
		if !ok {
			t.Errorf("%q: no Go struct in newDetail", dt)
		} else if got := newEv().DetailType(); got != dt {
			t.Errorf("newDetail[%q]().DetailType(): got %q, want %q", dt, got, dt)
		}
		for _, path := range []string{
			filepath.Join(testdataDir, busSampleFile(dt)),
			filepath.Join(schemasDir, busSchemaFile(dt)),
		} {
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%q: got %v, want a file %s", dt, err, path)
			}
		}
		// Rules filtering on the detail come on top of the one that takes
		// every event of the type.
		n := 0
		for _, r := range routing.Rules {
			if r.Pattern.Detail == nil && r.Pattern.Matches(relais.EventSource, dt, nil) {
				n++
			}
		}
		if got, want := n, 1; got != want {
			t.Errorf("%q: got %d matching rules in routing.Rules, want %d", dt, got, want)
		}
	}
	for name := range newInput {
		for _, path := range []string{
			filepath.Join(testdataDir, name+".json"),
			filepath.Join(schemasDir, name+".schema.json"),
		} {
			if _, err := os.Stat(path); err != nil {
				t.Errorf("%s: got %v, want a file %s", name, err, path)
			}
		}
	}
}

// checkBusSample reads a whole EventBridge event, checks its envelope, round
// trips its detail through the Go struct of its detail type and validates
// the detail against its schema.
func checkBusSample(t *testing.T, path string) {
	raw := mustRead(t, path)
	var ev lambdaevents.EventBridgeEvent
	if err := decodeStrict(raw, &ev); err != nil {
		t.Fatalf("decode envelope: %v", err)
	}
	if got, want := ev.Version, "0"; got != want {
		t.Errorf("version: got %q, want %q", got, want)
	}
	if got, want := ev.Source, relais.EventSource; got != want {
		t.Errorf("source: got %q, want %q", got, want)
	}
	if !slices.Contains(relais.DetailTypes, ev.DetailType) {
		t.Fatalf("detail-type: got %q, want one of %q", ev.DetailType, relais.DetailTypes)
	}
	if got, want := filepath.Base(path), busSampleFile(ev.DetailType); got != want {
		t.Errorf("file name: got %s, want %s for detail-type %q", got, want, ev.DetailType)
	}
	if ev.ID == "" {
		t.Error("id: got empty, want the event id")
	}
	if !regexp.MustCompile(`^\d{12}$`).MatchString(ev.AccountID) {
		t.Errorf("account: got %q, want a 12-digit AWS account id", ev.AccountID)
	}
	if ev.Region == "" {
		t.Error("region: got empty, want an AWS region")
	}
	if ev.Time.IsZero() {
		t.Error("time: got zero, want when the event was put")
	}
	if ev.Resources == nil {
		t.Error("resources: got null or missing, want [] as EventBridge sends")
	}
	out, err := json.Marshal(ev)
	if err != nil {
		t.Fatalf("marshal envelope: %v", err)
	}
	assertJSONEq(t, "envelope", out, raw)

	detail := newDetail[ev.DetailType]()
	if err := decodeStrict(ev.Detail, detail); err != nil {
		t.Fatalf("decode detail into %T: %v", detail, err)
	}
	if got, want := detail.DetailType(), ev.DetailType; got != want {
		t.Errorf("%T.DetailType(): got %q, want %q", detail, got, want)
	}
	if err := relais.ValidateID("client", detail.Client()); err != nil {
		t.Errorf("%T.Client(): %v", detail, err)
	}
	out, err = json.Marshal(detail)
	if err != nil {
		t.Fatalf("marshal detail: %v", err)
	}
	assertJSONEq(t, "detail", out, ev.Detail)
	assertValid(t, mustCompile(t, busSchemaFile(ev.DetailType)), ev.Detail)
}

// checkSchedulerSample round trips a scheduler input through its Go struct
// and validates it against its schema.
func checkSchedulerSample(t *testing.T, path string) {
	name := strings.TrimSuffix(filepath.Base(path), ".json")
	newIn, ok := newInput[name]
	if !ok {
		t.Fatalf("%s: no Go struct in newInput for %q", path, name)
	}
	raw := mustRead(t, path)
	in := newIn()
	if err := decodeStrict(raw, in); err != nil {
		t.Fatalf("decode into %T: %v", in, err)
	}
	out, err := json.Marshal(in)
	if err != nil {
		t.Fatalf("marshal %T: %v", in, err)
	}
	assertJSONEq(t, "input", out, raw)
	assertValid(t, mustCompile(t, name+".schema.json"), raw)
}

func checkBusSchema(t *testing.T, path string) {
	dt, _ := detailTypeOfSchema(filepath.Base(path))
	newEv, ok := newDetail[dt]
	if !ok {
		t.Fatalf("%s: no Go struct in newDetail for %q", path, dt)
	}
	checkSchemaMatchesStruct(t, path, reflect.TypeOf(newEv()).Elem())
}

func checkSchedulerSchema(t *testing.T, path string) {
	name := strings.TrimSuffix(filepath.Base(path), ".schema.json")
	newIn, ok := newInput[name]
	if !ok {
		t.Fatalf("%s: no Go struct in newInput for %q", path, name)
	}
	checkSchemaMatchesStruct(t, path, reflect.TypeOf(newIn()).Elem())
}

// checkSchemaMatchesStruct compiles a schema (which checks it against the
// draft 2020-12 meta-schema) and checks that it describes exactly the JSON
// encoding of typ: the same property names, required unless omitempty, no
// other properties, and types, formats and enums that fit the Go types.
func checkSchemaMatchesStruct(t *testing.T, path string, typ reflect.Type) {
	mustCompile(t, filepath.Base(path))
	var doc map[string]any
	if err := json.Unmarshal(mustRead(t, path), &doc); err != nil {
		t.Fatalf("decode schema: %v", err)
	}
	if got, want := doc["$schema"], draft2020; got != want {
		t.Errorf("$schema: got %v, want %s", got, want)
	}
	if got, want := doc["type"], "object"; got != want {
		t.Errorf("type: got %v, want %s", got, want)
	}
	if got, want := doc["additionalProperties"], false; got != want {
		t.Errorf("additionalProperties: got %v, want %v", got, want)
	}
	props, _ := doc["properties"].(map[string]any)
	fields := jsonFields(t, typ)

	var wantRequired []string
	for _, f := range fields {
		if !f.omitempty {
			wantRequired = append(wantRequired, f.name)
		}
	}
	if got, want := slices.Sorted(maps.Keys(props)), sortedNames(fields); !slices.Equal(got, want) {
		t.Errorf("properties: got %q, want %q (the json names of %s)", got, want, typ)
	}
	if got, want := sortedStrings(t, "required", doc["required"]), slices.Sorted(slices.Values(wantRequired)); !slices.Equal(got, want) {
		t.Errorf("required: got %q, want %q (the fields of %s without omitempty)", got, want, typ)
	}
	for _, f := range fields {
		prop, ok := props[f.name].(map[string]any)
		if !ok {
			continue // reported above
		}
		checkProperty(t, f.name, prop, f.typ)
	}
}

var timeType = reflect.TypeFor[time.Time]()

// checkProperty checks that a property schema fits the Go type of its field.
func checkProperty(t *testing.T, name string, prop map[string]any, ft reflect.Type) {
	t.Helper()
	var wantType, wantFormat string
	switch {
	case ft == timeType:
		wantType, wantFormat = "string", "date-time"
	case ft.Kind() == reflect.String:
		wantType = "string"
	case ft.Kind() >= reflect.Int && ft.Kind() <= reflect.Uint64:
		wantType = "integer"
	case ft.Kind() == reflect.Float64:
		wantType = "number"
	case ft.Kind() == reflect.Bool:
		wantType = "boolean"
	case ft.Kind() == reflect.Slice:
		wantType = "array"
	default:
		t.Errorf("property %q: Go type %s has no JSON Schema mapping; extend checkProperty", name, ft)
		return
	}
	if got := prop["type"]; got != wantType {
		t.Errorf("property %q type: got %v, want %s for Go type %s", name, got, wantType, ft)
	}
	if wantFormat != "" && prop["format"] != wantFormat {
		t.Errorf("property %q format: got %v, want %s for Go type %s", name, prop["format"], wantFormat, ft)
	}
	switch {
	case ft.Kind() == reflect.String && ft.PkgPath() != "":
		want, ok := enums()[ft]
		if !ok {
			t.Errorf("property %q: Go type %s has no values listed in enums", name, ft)
			return
		}
		got, want := sortedStrings(t, name+" enum", prop["enum"]), slices.Sorted(slices.Values(want))
		if !slices.Equal(got, want) {
			t.Errorf("property %q enum: got %q, want %q", name, got, want)
		}
	case ft.Kind() == reflect.String:
		if want, ok := patterns[name]; ok {
			if got := prop["pattern"]; got != want {
				t.Errorf("property %q pattern: got %v, want %s", name, got, want)
			}
		} else if prop["pattern"] == nil && prop["format"] == nil && prop["enum"] == nil {
			if n, _ := prop["minLength"].(float64); n < 1 {
				t.Errorf("property %q: got no pattern, format or minLength, want the empty string refused", name)
			}
		}
	case ft.Kind() == reflect.Slice:
		items, ok := prop["items"].(map[string]any)
		if !ok {
			t.Errorf("property %q: got no items schema, want one for %s", name, ft.Elem())
			return
		}
		checkProperty(t, name+"[]", items, ft.Elem())
	}
}

type jsonField struct {
	name      string
	omitempty bool
	typ       reflect.Type
}

// jsonFields lists the fields encoding/json writes for a struct type.
func jsonFields(t *testing.T, typ reflect.Type) []jsonField {
	t.Helper()
	var fields []jsonField
	for i := range typ.NumField() {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Anonymous {
			t.Errorf("%s.%s: embedded fields are not handled; extend jsonFields", typ, f.Name)
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" && opts == "" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		optional := slices.Contains(strings.Split(opts, ","), "omitempty") ||
			slices.Contains(strings.Split(opts, ","), "omitzero")
		fields = append(fields, jsonField{name: name, omitempty: optional, typ: f.Type})
	}
	return fields
}

func sortedNames(fields []jsonField) []string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	slices.Sort(names)
	return names
}

func sortedStrings(t *testing.T, what string, v any) []string {
	t.Helper()
	list, ok := v.([]any)
	if !ok {
		t.Errorf("%s: got %T, want an array of strings", what, v)
		return nil
	}
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, ok := x.(string)
		if !ok {
			t.Errorf("%s: got %v (%T), want a string", what, x, x)
			continue
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// target is a bus detail type or a scheduler job: something with a sample,
// a schema and a Go struct.
type target struct {
	name   string // detail type or scheduler-<job>
	sample string
	schema string
	newGo  func() any
	detail bool // the sample is a bus event; its detail is the document
}

func targets() []target {
	var out []target
	for _, dt := range relais.DetailTypes {
		newEv := newDetail[dt]
		out = append(out, target{dt, busSampleFile(dt), busSchemaFile(dt), func() any { return newEv() }, true})
	}
	for _, name := range slices.Sorted(maps.Keys(newInput)) {
		out = append(out, target{name, name + ".json", name + ".schema.json", newInput[name], false})
	}
	return out
}

func targetNamed(t *testing.T, name string) target {
	t.Helper()
	for _, tg := range targets() {
		if tg.name == name {
			return tg
		}
	}
	t.Fatalf("no target %q", name)
	return target{}
}

// document returns the sample's validated document: the detail of a bus
// event, or the whole scheduler input.
func (tg target) document(t *testing.T) map[string]any {
	t.Helper()
	raw := mustRead(t, filepath.Join(testdataDir, tg.sample))
	if tg.detail {
		var ev lambdaevents.EventBridgeEvent
		if err := json.Unmarshal(raw, &ev); err != nil {
			t.Fatalf("decode %s: %v", tg.sample, err)
		}
		raw = ev.Detail
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("decode %s: %v", tg.sample, err)
	}
	doc, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s: got %T, want an object", tg.sample, v)
	}
	return doc
}

// TestSchemasRefuseMissingAndExtraFields drops each field of each sample in
// turn, and adds an unknown one.
func TestSchemasRefuseMissingAndExtraFields(t *testing.T) {
	for _, tg := range targets() {
		sch := mustCompile(t, tg.schema)
		base := tg.document(t)
		optional := make(map[string]bool)
		for _, f := range jsonFields(t, reflect.TypeOf(tg.newGo()).Elem()) {
			optional[f.name] = f.omitempty
		}
		for key := range base {
			doc := maps.Clone(base)
			delete(doc, key)
			err := sch.Validate(doc)
			if got, want := err == nil, optional[key]; got != want {
				t.Errorf("%s without %q: got valid %v, want %v (err: %v)", tg.name, key, got, want, err)
			}
		}

		doc := maps.Clone(base)
		doc["unexpected"] = "field"
		if err := sch.Validate(doc); err == nil {
			t.Errorf("%s with an extra field: got valid, want a schema error", tg.name)
		}
		raw, err := json.Marshal(doc)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		if err := decodeStrict(raw, tg.newGo()); err == nil {
			t.Errorf("%s with an extra field: decoded into %T, want an unknown field error", tg.name, tg.newGo())
		}
	}
}

// TestSchemaValues changes one field of a sample and checks whether the
// schema accepts the result.
func TestSchemaValues(t *testing.T) {
	type change struct {
		target string
		field  string
		value  any
		valid  bool
	}
	var tests []change
	for _, dt := range relais.DetailTypes {
		if _, ok := targetNamed(t, dt).document(t)["network"]; !ok {
			continue
		}
		for _, n := range relais.Networks() {
			tests = append(tests, change{dt, "network", string(n), true})
		}
		tests = append(tests,
			change{dt, "network", "myspace", false},
			change{dt, "network", "Facebook", false},
			change{dt, "network", "", false},
		)
	}
	for _, k := range enums()[reflect.TypeFor[relais.InteractionKind]()] {
		tests = append(tests, change{relais.DetailInteractionReceived, "kind", k, true})
	}
	for _, a := range enums()[reflect.TypeFor[relais.Action]()] {
		tests = append(tests, change{relais.DetailInteractionModerated, "action", a, true})
	}
	tests = append(tests, []change{
		{relais.DetailInteractionReceived, "kind", "like", false},
		{relais.DetailInteractionReceived, "receivedAt", "2026-11-20T09:15:01+01:00", true},
		{relais.DetailInteractionReceived, "receivedAt", "2026-11-20 09:15", false},
		{relais.DetailInteractionReceived, "receivedAt", "2026-11-20", false},
		{relais.DetailInteractionReceived, "accountId", "", false},
		{relais.DetailInteractionReceived, "clientId", "Boulangerie-Martin", false},
		{relais.DetailInteractionModerated, "action", "delete", true},
		{relais.DetailInteractionModerated, "action", "ban", false},
		{relais.DetailInteractionModerated, "labels", []any{}, true},
		{relais.DetailInteractionModerated, "labels", nil, false},
		{relais.DetailInteractionModerated, "labels", []any{1}, false},
		{relais.DetailInteractionModerated, "applied", "true", false},
		{relais.DetailPostPublished, "publishedAt", 1763715603, false},
		{relais.DetailPostFailed, "reason", "", false},
		{relais.DetailCrisisSuspected, "negative", 0, true},
		{relais.DetailCrisisSuspected, "negative", -1, false},
		{relais.DetailCrisisSuspected, "interactions", 2.5, false},
		{relais.DetailReportReady, "period", "2026-11-01..2026-11-15", true},
		{relais.DetailReportReady, "period", "last-week", false},
		{relais.DetailReportReady, "url", "http://example.com/report.html", false},
		{relais.DetailReportReady, "url", "http://127.0.0.1:43483/api/links/v1.eyJpIjoiYSJ9.c2ln", true},
		{relais.DetailReportReady, "url", "https://console.example.com/api/links/v1.eyJpIjoiYSJ9.c2ln", true},
		// A pre-signed S3 URL dies with the credentials that signed it.
		{relais.DetailReportReady, "url", "http://127.0.0.1:43483/relais-reports/reports/acme/2026-W47/report.html", false},
		{relais.DetailReportReady, "url", "https://relais-reports.s3.eu-west-3.amazonaws.com/reports/acme/2026-W47/report.html?X-Amz-Expires=604800", false},
		{relais.DetailReportReady, "url", "https://console.example.com/api/links/v1.eyJpIjoiYSJ9.c2ln?x=1", false},
		{relais.DetailReportReady, "url", "not a url", false},
		{relais.DetailReportReady, "keys", []any{}, true},
		{relais.DetailReportReady, "keys", []any{""}, false},
		{relais.DetailReportReady, "expires", "tomorrow", false},
		{"scheduler-publish", "postId", "", false},
		{"scheduler-publish", "postId", 42, false},
		{"scheduler-report", "period", "2026-W47", true},
		{"scheduler-report", "period", "2026-11", true},
		{"scheduler-report", "period", "2026-11-01..2026-11-15", true},
		{"scheduler-report", "period", "previous-week", true},
		{"scheduler-report", "period", "previous-month", true},
		{"scheduler-report", "period", "2026-W4", false},
		{"scheduler-report", "period", "2026-11-01..2026-11", false},
		{"scheduler-report", "period", "previous-year", false},
		{"scheduler-report", "period", " 2026-11", false},
		{"scheduler-report", "period", "2026-11\n", false},
	}...)
	for _, id := range []string{"a", "acme", "0-day", "boulangerie-martin", strings.Repeat("a", 63)} {
		tests = append(tests, change{"scheduler-report", "clientId", id, true})
	}
	for _, id := range []string{"", "-acme", "Acme", "acme_bakery", "acme.bakery", "acmé", strings.Repeat("a", 64)} {
		tests = append(tests, change{"scheduler-report", "clientId", id, false})
	}

	for _, tt := range tests {
		tg := targetNamed(t, tt.target)
		doc := tg.document(t)
		if _, ok := doc[tt.field]; !ok {
			t.Fatalf("%s sample has no field %q", tt.target, tt.field)
		}
		doc[tt.field] = tt.value
		err := mustCompile(t, tg.schema).Validate(doc)
		if got, want := err == nil, tt.valid; got != want {
			t.Errorf("%s with %s = %#v: got valid %v, want %v (err: %v)", tt.target, tt.field, tt.value, got, want, err)
		}
	}
}

// TestClientIDPatternAgreesWithRelais checks the schemas' client id pattern
// against relais.ValidateID.
func TestClientIDPatternAgreesWithRelais(t *testing.T) {
	re := regexp.MustCompile(clientIDPattern)
	for _, id := range []string{"", "a", "acme", "0-day", "-acme", "acme-", "Acme", "acme_bakery", "acmé",
		strings.Repeat("a", 63), strings.Repeat("a", 64)} {
		if got, want := re.MatchString(id), relais.ValidateID("client", id) == nil; got != want {
			t.Errorf("client id %q: schema pattern matches %v, relais.ValidateID accepts %v", id, got, want)
		}
	}
}

// decodeStrict decodes exactly one JSON value into v, refusing fields v
// does not have.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("data after the JSON value")
	}
	return nil
}

// assertJSONEq reports whether two JSON documents hold the same values,
// whatever their layout and key order.
func assertJSONEq(t *testing.T, what string, got, want []byte) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: decode re-marshalled JSON: %v", what, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s: decode original JSON: %v", what, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s after a round trip:\ngot:  %s\nwant: %s", what, got, compact(want))
	}
}

func compact(data []byte) []byte {
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		return data
	}
	return b.Bytes()
}

func assertValid(t *testing.T, sch *jsonschema.Schema, raw []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("decode for validation: %v", err)
	}
	if err := sch.Validate(v); err != nil {
		t.Errorf("got %v, want valid", err)
	}
}

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// mustCompile compiles schemas/<file> with Compile.
func mustCompile(tb testing.TB, file string) *jsonschema.Schema {
	tb.Helper()
	sch, err := Compile(file)
	if err != nil {
		tb.Fatalf("compile %s: %v", file, err)
	}
	return sch
}
