package yaegiengine

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// inspectedMethods are methods through which fmt and errors look at a
// value. yaegi does not show an interpreted type's methods to compiled
// code reliably: fmt.Println(myErr{1}) printed "{1}", and errors.Is on
// such an error panicked ("reflect: Call using struct { Xcode int } as
// type error"), where the compiled program printed and compared through
// Error.
var inspectedMethods = map[string]bool{"Error": true, "String": true, "GoString": true, "Format": true}

// constructs flags the language features of f that yaegi v0.16.1 lacks or
// runs with other semantics.
func (c *eligibility) constructs(f *ast.File) {
	c.localTypes(f)
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		c.node(n, stack)
		stack = append(stack, n)
		return true
	})
}

func (c *eligibility) node(n ast.Node, stack []ast.Node) {
	switch n := n.(type) {
	case *ast.FuncDecl:
		if n.Type.TypeParams != nil {
			c.flag(n.Name.Pos(), "generic function %s: generics are not supported by yaegi", n.Name.Name)
		}
		if n.Recv != nil && inspectedMethods[n.Name.Name] {
			c.flag(n.Name.Pos(), "method %s: yaegi does not show methods of interpreted types to fmt and errors reliably", n.Name.Name)
		}
	case *ast.TypeSpec:
		if n.TypeParams != nil {
			c.flag(n.Name.Pos(), "generic type %s: generics are not supported by yaegi", n.Name.Name)
		}
	case *ast.IndexListExpr:
		c.flag(n.Pos(), "instantiation of a generic: generics are not supported by yaegi")
	case *ast.Ident:
		c.ident(n)
	case *ast.CallExpr:
		c.panicValue(n)
	case *ast.SelectorExpr:
		c.selector(n)
	case *ast.RangeStmt:
		c.rangeExpr(n)
		c.loopVars(n)
	case *ast.ForStmt:
		c.loopVars(n)
	case *ast.BranchStmt:
		if n.Label != nil && (n.Tok == token.BREAK || n.Tok == token.CONTINUE) && inSelect(stack) {
			c.flag(n.Pos(), "labelled %s inside a select is not supported by yaegi", n.Tok)
		}
	}
}

func (c *eligibility) ident(id *ast.Ident) {
	if inst, ok := c.info.Instances[id]; ok && inst.Type != nil {
		c.flag(id.Pos(), "instantiation of generic %s: generics are not supported by yaegi", id.Name)
	}
	if b, ok := c.info.Uses[id].(*types.Builtin); ok {
		switch b.Name() {
		case "min", "max", "clear":
			c.flag(id.Pos(), "builtin %s (Go 1.21) is not supported by yaegi", b.Name())
		case "print", "println":
			c.flag(id.Pos(), "builtin %s writes to standard output under yaegi (standard error when compiled)", b.Name())
		}
	}
}

// panicValue flags a panic with a value that is not a string in a program
// that starts goroutines: yaegi panics with the value's reflect.Value, so
// the runtime reports a panic that ends a goroutine as "panic: <error
// Value>" where the compiled program prints the error.
func (c *eligibility) panicValue(call *ast.CallExpr) {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || len(call.Args) != 1 || !c.hasGo {
		return
	}
	if b, ok := c.info.Uses[id].(*types.Builtin); !ok || b.Name() != "panic" {
		return
	}
	if t, ok := c.info.TypeOf(call.Args[0]).(*types.Basic); ok && t.Info()&types.IsString != 0 {
		return
	}
	if rt, ok := c.importedType(call.Args[0]); ok && rt.Kind() == reflect.String {
		return
	}
	c.flag(call.Pos(), "panic with a value that is not a string, in a program with goroutines: yaegi reports it as \"<error Value>\" when it ends a goroutine")
}

// selector flags a name taken from an import that yaegi's symbol table
// lacks: newer than Go 1.22, generic (yaegi has no reflect value for a
// generic function), or denied.
func (c *eligibility) selector(sel *ast.SelectorExpr) {
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	pn, ok := c.info.Uses[x].(*types.PkgName)
	if !ok {
		return
	}
	p := pn.Imported().Path()
	pkg, known := stdIndex()[p]
	if !known {
		return // the import itself is flagged
	}
	if _, ok := pkg.syms[sel.Sel.Name]; !ok {
		if deniedSymbol(p, sel.Sel.Name) {
			c.flag(sel.Pos(), "%s.%s is not available in the yaegi engine", x.Name, sel.Sel.Name)
			return
		}
		c.flag(sel.Pos(), "%s.%s is not in yaegi's standard library (generic, or newer than Go 1.22)", x.Name, sel.Sel.Name)
	}
}

// inSelect reports whether the innermost function around the node at the
// top of stack has a select clause around it.
func inSelect(stack []ast.Node) bool {
	for i := len(stack) - 1; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.CommClause:
			return true
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}

// rangeExpr flags ranging over an integer (Go 1.22) or a function (Go
// 1.23), and ranging over what it cannot tell is neither.
func (c *eligibility) rangeExpr(s *ast.RangeStmt) {
	t := c.info.TypeOf(s.X)
	if b, ok := t.(*types.Basic); t == nil || ok && b.Kind() == types.Invalid {
		rt, ok := c.importedType(s.X)
		switch {
		case !ok:
			c.flagWeak(s.X.Pos(), "cannot tell what this range expression is (its type comes from an import); yaegi cannot range over integers or functions")
		case rt.Kind() >= reflect.Int && rt.Kind() <= reflect.Uintptr:
			c.flag(s.X.Pos(), "range over an integer (Go 1.22) is not supported by yaegi")
		case rt.Kind() == reflect.Func:
			c.flag(s.X.Pos(), "range over a function (Go 1.23) is not supported by yaegi")
		case !rangeable(rt):
			c.flagWeak(s.X.Pos(), "cannot tell what this range expression is; yaegi cannot range over integers or functions")
		}
		return
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		if u.Info()&types.IsInteger != 0 {
			c.flag(s.X.Pos(), "range over an integer (Go 1.22) is not supported by yaegi")
		}
	case *types.Signature:
		c.flag(s.X.Pos(), "range over a function (Go 1.23) is not supported by yaegi")
	case *types.Slice, *types.Array, *types.Map, *types.Chan, *types.Pointer:
	default:
		c.flag(s.X.Pos(), "cannot tell what this range expression is; yaegi cannot range over integers or functions")
	}
}

func rangeable(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map, reflect.Chan, reflect.String:
		return true
	case reflect.Pointer:
		return t.Elem().Kind() == reflect.Array
	}
	return false
}

// loopVars flags a variable declared by a for or for-range clause whose
// per-iteration semantics (Go 1.22) would show: captured by a func literal
// (a go or defer statement of one included), or its address taken, with &
// or as the receiver of a pointer method. yaegi keeps one variable for the
// whole loop. The arguments of go and defer statements are evaluated at
// once, so "go work(v)" is the same under both semantics.
func (c *eligibility) loopVars(loop ast.Node) {
	vars := make(map[types.Object]bool)
	var area []ast.Node
	define := func(exprs ...ast.Expr) {
		for _, e := range exprs {
			if id, ok := e.(*ast.Ident); ok && c.info.Defs[id] != nil {
				vars[c.info.Defs[id]] = true
			}
		}
	}
	switch s := loop.(type) {
	case *ast.ForStmt:
		if as, ok := s.Init.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			define(as.Lhs...)
		}
		area = []ast.Node{s.Cond, s.Post, s.Body}
	case *ast.RangeStmt:
		if s.Tok == token.DEFINE {
			define(s.Key, s.Value)
		}
		area = []ast.Node{s.Body}
	}
	if len(vars) == 0 {
		return
	}
	for _, a := range area {
		if a == nil || reflect.ValueOf(a).IsNil() {
			continue
		}
		ast.Inspect(a, func(n ast.Node) bool { return c.loopVarUse(n, vars) })
	}
}

// loopVarUse flags n if it exposes one of vars beyond its iteration, and
// says whether to look inside n.
func (c *eligibility) loopVarUse(n ast.Node, vars map[types.Object]bool) bool {
	switch n := n.(type) {
	case *ast.FuncLit:
		if id := c.uses(n.Body, vars); id != nil {
			c.flag(id.Pos(), "loop variable %s is captured by a func literal: per-iteration loop variables (Go 1.22) are not supported by yaegi", id.Name)
			return false
		}
	case *ast.UnaryExpr:
		if id := root(n.X); n.Op == token.AND && id != nil && vars[c.info.Uses[id]] {
			c.flag(id.Pos(), "the address of loop variable %s is taken: per-iteration loop variables (Go 1.22) are not supported by yaegi", id.Name)
		}
	case *ast.SelectorExpr:
		if id := root(n.X); id != nil && vars[c.info.Uses[id]] && c.pointerMethod(n) {
			c.flag(id.Pos(), "loop variable %s is the receiver of a pointer method (its address is taken): per-iteration loop variables (Go 1.22) are not supported by yaegi", id.Name)
		}
	}
	return true
}

// uses returns the first identifier in n that denotes one of vars.
func (c *eligibility) uses(n ast.Node, vars map[types.Object]bool) *ast.Ident {
	var found *ast.Ident
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && found == nil && vars[c.info.Uses[id]] {
			found = id
		}
		return found == nil
	})
	return found
}

// root is the variable an addressable expression is part of: v in v,
// v.f, v[i], (v).
func root(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x
		case *ast.ParenExpr:
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		default:
			return nil
		}
	}
}

// pointerMethod reports whether sel is a method with a pointer receiver
// taken on a value that is not a pointer, which takes its address.
func (c *eligibility) pointerMethod(sel *ast.SelectorExpr) bool {
	s, ok := c.info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return false
	}
	recv := s.Obj().(*types.Func).Signature().Recv()
	if recv == nil {
		return false
	}
	_, ptrRecv := recv.Type().(*types.Pointer)
	_, ptrX := s.Recv().Underlying().(*types.Pointer)
	return ptrRecv && !ptrX
}
