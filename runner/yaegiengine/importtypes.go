package yaegiengine

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// Eligible type-checks with empty fake imports, so whatever comes from an
// import has an invalid type. Where that matters (what a range ranges
// over), the type is recovered from yaegi's symbol table, which holds a
// reflect.Value for each function and variable of the standard library:
// strings.Fields(s), os.Args, ticker.C after ticker := time.NewTicker(d),
// ctx.Done() after ctx, cancel := context.WithCancel(…).

// localTypes records the reflect type of each variable of f that go/types
// could not type because its value comes from an import. Declarations are
// visited in source order, so a variable typed from an earlier one is
// typed too.
func (c *eligibility) localTypes(f *ast.File) {
	if c.varTypes == nil {
		c.varTypes = make(map[types.Object]reflect.Type)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				c.defineFrom(n.Lhs, n.Rhs)
			}
		case *ast.ValueSpec:
			if n.Type == nil {
				lhs := make([]ast.Expr, len(n.Names))
				for i, id := range n.Names {
					lhs[i] = id
				}
				c.defineFrom(lhs, n.Values)
			}
		}
		return true
	})
}

func (c *eligibility) defineFrom(lhs, rhs []ast.Expr) {
	set := func(e ast.Expr, t reflect.Type) {
		id, ok := e.(*ast.Ident)
		if !ok {
			return
		}
		if v, ok := c.info.Defs[id].(*types.Var); ok && !isValid(v.Type()) {
			c.varTypes[v] = t
		}
	}
	if len(rhs) == 1 && len(lhs) > 1 {
		call, ok := ast.Unparen(rhs[0]).(*ast.CallExpr)
		if !ok {
			return
		}
		if ft, ok := c.callType(call); ok && ft.NumOut() == len(lhs) {
			for i, e := range lhs {
				set(e, ft.Out(i))
			}
		}
		return
	}
	for i := range min(len(lhs), len(rhs)) {
		if t, ok := c.importedType(rhs[i]); ok {
			set(lhs[i], t)
		}
	}
}

func isValid(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return t != nil && !(ok && b.Kind() == types.Invalid)
}

// importedType is the type of e when it comes from an import: a function's
// result, a package variable, a field or method result of one of those.
func (c *eligibility) importedType(e ast.Expr) (reflect.Type, bool) {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		t, ok := c.varTypes[c.info.Uses[e]]
		return t, ok
	case *ast.CallExpr:
		if ft, ok := c.callType(e); ok && ft.NumOut() > 0 {
			return ft.Out(0), true
		}
	case *ast.SelectorExpr:
		if v, _, ok := c.importedSymbol(e); ok {
			if v.CanAddr() { // a variable: yaegi holds the Elem of its address
				return v.Type(), true
			}
			return nil, false // a function value, a constant or a type
		}
		t, ok := c.importedType(e.X)
		if !ok {
			return nil, false
		}
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() == reflect.Struct {
			if f, ok := t.FieldByName(e.Sel.Name); ok {
				return f.Type, true
			}
		}
	}
	return nil, false
}

// callType is the function type that call calls, when it comes from an
// import: pkg.F(…) or x.M(…) on a value of an imported type.
func (c *eligibility) callType(call *ast.CallExpr) (reflect.Type, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return nil, false
	}
	if v, _, ok := c.importedSymbol(sel); ok {
		if v.Kind() == reflect.Func && !v.CanAddr() {
			return v.Type(), true
		}
		return nil, false
	}
	t, ok := c.importedType(sel.X)
	if !ok {
		return nil, false
	}
	m, ok := t.MethodByName(sel.Sel.Name)
	if !ok && t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		m, ok = reflect.PointerTo(t).MethodByName(sel.Sel.Name)
	}
	if !ok {
		return nil, false
	}
	return m.Type, true // for a concrete type its first input is the receiver; the results are the same
}
