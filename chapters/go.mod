// The modules beyond the standard library that the book's compiled
// snippets may import (docs/authoring.md); the runner adds these
// requirements to every program it builds. The module path is not used.
module workbook/chapters

go 1.26.0

require golang.org/x/sync v0.24.0
