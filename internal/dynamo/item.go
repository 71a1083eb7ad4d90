package dynamo

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// item is one DynamoDB item. Its setters skip empty values, because
// DynamoDB refuses empty sets and absent attributes read as zero values.
type item map[string]types.AttributeValue

func newItem(k key) item {
	return item{attrPK: str(k.pk), attrSK: str(k.sk)}
}

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }

func num(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func (it item) setS(name, v string) {
	if v != "" {
		it[name] = str(v)
	}
}

func (it item) setN(name string, v int64) { it[name] = num(v) }

func (it item) setBool(name string, v bool) { it[name] = &types.AttributeValueMemberBOOL{Value: v} }

func (it item) setTime(name string, t time.Time) {
	if !t.IsZero() {
		it[name] = str(t.UTC().Format(time.RFC3339Nano))
	}
}

func (it item) setList(name string, v []string) {
	if len(v) > 0 {
		it[name] = strList(v)
	}
}

// setMap keeps a map of strings as a map attribute, when it has any.
func (it item) setMap(name string, v map[string]string) {
	if len(v) == 0 {
		return
	}
	m := make(map[string]types.AttributeValue, len(v))
	for k, s := range v {
		m[k] = str(s)
	}
	it[name] = &types.AttributeValueMemberM{Value: m}
}

// strList is a list of strings as an attribute value, empty or not.
func strList(v []string) types.AttributeValue {
	l := make([]types.AttributeValue, len(v))
	for i, s := range v {
		l[i] = str(s)
	}
	return &types.AttributeValueMemberL{Value: l}
}

// setJSON keeps a nested value as a JSON string: it is read whole and never
// queried.
func (it item) setJSON(name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %s: %w", name, err)
	}
	it[name] = str(string(b))
	return nil
}

func (it item) s(name string) string {
	if v, ok := it[name].(*types.AttributeValueMemberS); ok {
		return v.Value
	}
	return ""
}

func (it item) n(name string) int64 {
	if v, ok := it[name].(*types.AttributeValueMemberN); ok {
		n, _ := strconv.ParseInt(v.Value, 10, 64)
		return n
	}
	return 0
}

func (it item) bool(name string) bool {
	v, ok := it[name].(*types.AttributeValueMemberBOOL)
	return ok && v.Value
}

func (it item) time(name string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, it.s(name))
	return t
}

func (it item) timePtr(name string) *time.Time {
	if t := it.time(name); !t.IsZero() {
		return &t
	}
	return nil
}

func (it item) strMap(name string) map[string]string {
	v, ok := it[name].(*types.AttributeValueMemberM)
	if !ok || len(v.Value) == 0 {
		return nil
	}
	out := make(map[string]string, len(v.Value))
	for k, e := range v.Value {
		if s, ok := e.(*types.AttributeValueMemberS); ok {
			out[k] = s.Value
		}
	}
	return out
}

func (it item) list(name string) []string {
	v, ok := it[name].(*types.AttributeValueMemberL)
	if !ok {
		return nil
	}
	out := make([]string, 0, len(v.Value))
	for _, e := range v.Value {
		if s, ok := e.(*types.AttributeValueMemberS); ok {
			out = append(out, s.Value)
		}
	}
	return out
}

func (it item) json(name string, v any) error {
	if s := it.s(name); s != "" {
		if err := json.Unmarshal([]byte(s), v); err != nil {
			return fmt.Errorf("decode %s: %w", name, err)
		}
	}
	return nil
}

func (k key) av() map[string]types.AttributeValue {
	return map[string]types.AttributeValue{attrPK: str(k.pk), attrSK: str(k.sk)}
}
