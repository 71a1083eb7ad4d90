package events

import (
	"bytes"
	"embed"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed schemas/*.schema.json
var schemaFiles embed.FS

// SchemaFile is the schema file of a bus detail type, under schemas/.
func SchemaFile(detailType string) string {
	return strings.ToLower(strings.ReplaceAll(detailType, " ", "-")) + ".schema.json"
}

// Compile compiles schemas/<file> as draft 2020-12, asserting formats such
// as date-time, which the draft only annotates by default.
func Compile(file string) (*jsonschema.Schema, error) {
	raw, err := schemaFiles.ReadFile("schemas/" + file)
	if err != nil {
		return nil, fmt.Errorf("events: no schema %s: %w", file, err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("events: read schema %s: %w", file, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(file, doc); err != nil {
		return nil, fmt.Errorf("events: add schema %s: %w", file, err)
	}
	sch, err := c.Compile(file)
	if err != nil {
		return nil, fmt.Errorf("events: compile schema %s: %w", file, err)
	}
	return sch, nil
}

// ValidateDetail checks a bus event's detail against its detail type's
// schema.
func ValidateDetail(detailType string, detail []byte) error {
	sch, err := Compile(SchemaFile(detailType))
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(detail))
	if err != nil {
		return fmt.Errorf("events: %s detail is not JSON: %w", detailType, err)
	}
	if err := sch.Validate(doc); err != nil {
		return fmt.Errorf("events: %s detail does not match its schema: %w", detailType, err)
	}
	return nil
}
