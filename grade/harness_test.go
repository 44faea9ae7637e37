package grade

import (
	"strings"
	"testing"
)

func TestHarnessRenames(t *testing.T) {
	tests := map[string][]byte{
		"a_test.go": []byte("package c\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {\n\tt.Run(\"sub\", TestA2)\n}\n\nfunc TestA2(t *testing.T) {}\n"),
		"b_test.go": []byte("package c_test\n\nimport \"testing\"\n\nfunc TestB(t *testing.T) {}\n"),
	}
	h, err := newHarness("c", "c", tests, 0)
	if err != nil {
		t.Fatal(err)
	}
	p := "wb" + h.nonce + "_"
	a := string(h.files["a_test.go"])
	if !strings.Contains(a, "func "+p+"TestA(t") || !strings.Contains(a, "t.Run(\"sub\", "+p+"TestA2)") ||
		strings.Count(a, "\n") != strings.Count(string(tests["a_test.go"]), "\n") {
		t.Errorf("renamed a_test.go:\n%s", a)
	}
	w := string(h.files["zz_wbharness_c_test_test.go"])
	if !strings.Contains(w, "package c_test") || !strings.Contains(w, "wbpkg"+h.nonce+".WBBegin"+h.nonce+"(t, \"TestB\")") {
		t.Errorf("external wrapper:\n%s", w)
	}
	m := string(h.files["zz_wbharness_test.go"])
	if !strings.Contains(m, "func TestMain(m *testing.M)") || !strings.Contains(m, "\"\\nWB "+h.nonce+" code=%d") {
		t.Errorf("main file:\n%s", m)
	}
}
