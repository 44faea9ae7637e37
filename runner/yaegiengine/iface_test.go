package yaegiengine_test

import (
	"workbook/runner"
	"workbook/runner/yaegiengine"
)

// The engine is a runner.Engine, and settles for the measurement lane.
var (
	_ runner.Engine  = (*yaegiengine.Engine)(nil)
	_ runner.Settler = (*yaegiengine.Engine)(nil)
)
